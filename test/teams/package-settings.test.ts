import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTeamsConfig } from '../../adapters/teams/config.js';
import { makeTempDir, projectRoot } from '../helpers.js';
import { APP_ID, BOT_ID, DEVELOPER, manifestFolder, manifestIn, packageTeams, schemaErrors } from './package-run.js';

// The app package's developer (name, website, privacy notice, terms) and version, from the
// environment: checked before building, with the variable named, and a warning for the trial defaults.

const GUIDANCE_PAGE = 'https://www.gov.uk/government/publications/social-media-guidance-for-civil-servants';
const packageVersion = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version as string;

describe('npm run package:teams: developer and version', () => {
  const built = packageTeams({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: APP_ID, ...DEVELOPER });

  it('carries the configured developer and version, and still validates against the schema', async () => {
    const run = packageTeams({ MicrosoftAppId: BOT_ID, ...DEVELOPER, TEAMS_APP_VERSION: '2.10.3' });
    expect(run.stderr).toBe('');
    const manifest = manifestIn(run.zip);
    expect(manifest.developer).toEqual({
      name: 'Department for Examples',
      websiteUrl: 'https://www.example.gov.uk/',
      privacyUrl: 'https://www.example.gov.uk/privacy',
      termsOfUseUrl: 'https://www.example.gov.uk/terms',
    });
    expect(manifest.version).toBe('2.10.3');
    expect(run.stdout).toContain('version      2.10.3\n');
    expect(await schemaErrors(manifest)).toEqual([]);
  });

  it("takes package.json's version when TEAMS_APP_VERSION is not set", () => {
    expect(packageVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifestIn(built.zip).version).toBe(packageVersion);
    expect(built.stdout).toContain(`version      ${packageVersion} (from package.json)`);
  });

  it('puts a quote or backslash in the developer name into the manifest as written', () => {
    const name = 'Dept "A" \\ B';
    const run = packageTeams({ MicrosoftAppId: BOT_ID, ...DEVELOPER, TEAMS_DEVELOPER_NAME: name });
    expect(run.stderr).toBe('');
    expect(manifestIn(run.zip).developer.name).toBe(name);
  });

  it('warns, and still builds, when the developer is not configured: the trial defaults point at the guidance', async () => {
    const run = packageTeams({ MicrosoftAppId: BOT_ID, TEAMS_PRIVACY_URL: 'https://www.example.gov.uk/privacy' });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('warning: TEAMS_DEVELOPER_NAME, TEAMS_DEVELOPER_WEBSITE, TEAMS_TERMS_URL are not set');
    expect(run.stderr).toContain('fine for a trial');
    const manifest = manifestIn(run.zip);
    expect(manifest.developer).toEqual({
      name: 'guidance-bot',
      websiteUrl: GUIDANCE_PAGE,
      privacyUrl: 'https://www.example.gov.uk/privacy',
      termsOfUseUrl: GUIDANCE_PAGE,
    });
    expect(await schemaErrors(manifest)).toEqual([]);
  });

  it.each([
    ['TEAMS_APP_VERSION', '1.2', 'TEAMS_APP_VERSION must be MAJOR.MINOR.PATCH'],
    ['TEAMS_APP_VERSION', 'v1.2.3', 'TEAMS_APP_VERSION must be MAJOR.MINOR.PATCH'],
    ['TEAMS_APP_VERSION', '1.2.3-beta', 'TEAMS_APP_VERSION must be MAJOR.MINOR.PATCH'],
    ['TEAMS_APP_VERSION', '01.2.3', 'TEAMS_APP_VERSION must be MAJOR.MINOR.PATCH'],
    ['TEAMS_DEVELOPER_NAME', 'D'.repeat(33), 'TEAMS_DEVELOPER_NAME must be at most 32 characters'],
    ['TEAMS_DEVELOPER_NAME', 'Dept\nB', 'TEAMS_DEVELOPER_NAME must be at most 32 characters on one line'],
    ['TEAMS_DEVELOPER_WEBSITE', 'http://www.example.gov.uk/', 'TEAMS_DEVELOPER_WEBSITE must be the https:// address'],
    ['TEAMS_DEVELOPER_WEBSITE', 'www.example.gov.uk', 'TEAMS_DEVELOPER_WEBSITE must be the https:// address'],
    ['TEAMS_PRIVACY_URL', 'https://', 'TEAMS_PRIVACY_URL must be the https:// address of your privacy notice'],
    ['TEAMS_PRIVACY_URL', 'https://x.gov.uk/a b', 'TEAMS_PRIVACY_URL must be the https:// address'],
    ['TEAMS_TERMS_URL', `https://x.gov.uk/${'t'.repeat(2048)}`, 'TEAMS_TERMS_URL must be the https:// address'],
  ])('refuses a bad %s (case %#), naming the variable, and writes no package', (variable, value, message) => {
    const run = packageTeams({ MicrosoftAppId: BOT_ID, ...DEVELOPER, [variable]: value });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`package:teams: ${message}`);
    expect(run.zip).toBeUndefined();
  });

  it('refuses a package.json version Teams would not accept when TEAMS_APP_VERSION is not set', () => {
    // A copy of the project's packaging files with a pre-release version in its package.json.
    const project = makeTempDir();
    mkdirSync(join(project, 'scripts'));
    cpSync(join(projectRoot, 'scripts', 'package-teams.mjs'), join(project, 'scripts', 'package-teams.mjs'));
    cpSync(manifestFolder, join(project, 'manifest', 'teams'), { recursive: true });
    symlinkSync(join(projectRoot, 'node_modules'), join(project, 'node_modules'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ version: '0.2.0-rc.1' }));

    const refused = packageTeams({ MicrosoftAppId: BOT_ID, ...DEVELOPER }, project);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      "TEAMS_APP_VERSION is not set, and package.json's version must be MAJOR.MINOR.PATCH in numbers",
    );
    const set = packageTeams({ MicrosoftAppId: BOT_ID, ...DEVELOPER, TEAMS_APP_VERSION: '0.2.0' }, project);
    expect(manifestIn(set.zip).version).toBe('0.2.0');
  });

  it('accepts a developer name of exactly 32 characters', () => {
    const run = packageTeams({ MicrosoftAppId: BOT_ID, ...DEVELOPER, TEAMS_DEVELOPER_NAME: 'D'.repeat(32) });
    expect(manifestIn(run.zip).developer.name).toBe('D'.repeat(32));
  });

  it('leaves Teams off in the server when only packaging variables are set', () => {
    expect(
      readTeamsConfig({
        TEAMS_APP_ID: APP_ID,
        TEAMS_BOT_DOMAIN: 'x.example',
        TEAMS_APP_VERSION: '1.0.0',
        ...DEVELOPER,
      }),
    ).toBeUndefined();
  });
});
