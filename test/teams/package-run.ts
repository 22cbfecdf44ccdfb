import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { makeTempDir, projectRoot } from '../helpers.js';

// Runs `npm run package:teams` for the app package tests (manifest.test.ts, package-settings.test.ts).

export const BOT_ID = '00000000-0000-0000-0000-00000000b001';
export const APP_ID = '00000000-0000-0000-0000-00000000e001';
export const manifestFolder = join(projectRoot, 'manifest', 'teams');
/** A department's own developer settings: with all four set, the build warns of nothing. */
export const DEVELOPER = {
  TEAMS_DEVELOPER_NAME: 'Department for Examples',
  TEAMS_DEVELOPER_WEBSITE: 'https://www.example.gov.uk/',
  TEAMS_PRIVACY_URL: 'https://www.example.gov.uk/privacy',
  TEAMS_TERMS_URL: 'https://www.example.gov.uk/terms',
};

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  zip?: AdmZip;
}

/** Runs scripts/package-teams.mjs as `npm run package:teams` would, in an empty folder (no .env). */
export function packageTeams(env: Record<string, string>, project = projectRoot): Run {
  const cwd = makeTempDir();
  const out = join(cwd, 'teams-app.zip');
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('MicrosoftApp') && !name.startsWith('TEAMS_')),
  );
  const run = spawnSync(process.execPath, [join(project, 'scripts', 'package-teams.mjs'), '--out', out], {
    cwd,
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    ...(run.status === 0 ? { zip: new AdmZip(out) } : {}),
  };
}

export function manifestIn(zip: AdmZip | undefined): TeamsManifest & Record<string, unknown> {
  const entry = zip?.getEntry('manifest.json');
  if (!entry) throw new Error('no manifest.json in the package');
  return JSON.parse(entry.getData().toString('utf8'));
}

export async function schemaErrors(manifest: TeamsManifest): Promise<string[]> {
  const schemaPath = createRequire(import.meta.url).resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
  );
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  return AppManifestUtils.validateAgainstSchema(manifest, schema);
}
