#!/usr/bin/env node
// `npm run package:teams`: the Teams app package, ready to upload (Teams > Apps > Manage your apps >
// Upload an app, or the Teams admin center). Fills the ${{…}} placeholders in manifest/teams/manifest.json
// from the environment (and .env), checks the result against the official schema shipped in
// @microsoft/app-manifest (offline), and zips manifest.json, color.png and outline.png at the root.
//
//   MicrosoftAppId           required: the bot's app id (Azure portal > your Azure Bot > Configuration > Microsoft App ID)
//   TEAMS_APP_ID             optional: the Teams app's own id; by default one derived from MicrosoftAppId, so that
//                            every package built for the same bot updates the same app instead of adding another
//   TEAMS_BOT_DOMAIN         optional: the host name of the bot's endpoint, added to validDomains
//   TEAMS_APP_VERSION        optional: the app's version (MAJOR.MINOR.PATCH); default package.json's. Teams only
//                            takes an update of an uploaded app if its version is higher: bump it for each one
//   TEAMS_DEVELOPER_NAME     the publisher users see (your department, up to 32 characters), and its
//   TEAMS_DEVELOPER_WEBSITE  website, privacy notice and terms of use (https addresses). Unset, they name
//   TEAMS_PRIVACY_URL        guidance-bot and point at the guidance page, with a warning: fine for a trial,
//   TEAMS_TERMS_URL          not for publishing to a whole organisation
//
// Usage: node scripts/package-teams.mjs [--out path/to/teams-app.zip]   (default: dist/teams-app.zip)
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Teams' own validation wants MAJOR.MINOR.PATCH, numbers only (the schema itself only says "semver").
const VERSION = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;
const GUIDANCE_PAGE = 'https://www.gov.uk/government/publications/social-media-guidance-for-civil-servants';
// The schema's limits: developer.name maxLength 32, httpsUrl maxLength 2048.
const NAME_LIMIT = 32;
const URL_LIMIT = 2048;
/** The developer fields: each variable, what it is, and its trial default. */
const DEVELOPER = [
  { variable: 'TEAMS_DEVELOPER_NAME', what: 'name', fallback: 'guidance-bot' },
  { variable: 'TEAMS_DEVELOPER_WEBSITE', what: 'website', example: '', fallback: GUIDANCE_PAGE },
  { variable: 'TEAMS_PRIVACY_URL', what: 'privacy notice', example: 'privacy', fallback: GUIDANCE_PAGE },
  { variable: 'TEAMS_TERMS_URL', what: 'terms of use', example: 'terms', fallback: GUIDANCE_PAGE },
];

class PackageError extends Error {}

/** A UUID (version 5 layout) derived from the bot id: the same bot always gets the same Teams app id. */
export function teamsAppIdFor(botId) {
  const hash = createHash('sha1').update(`guidance-bot/teams-app/${botId.toLowerCase()}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The developer name, or a PackageError: the schema caps it at 32 characters. */
function developerName(name) {
  if ([...name].length > NAME_LIMIT || /\p{Cc}/u.test(name)) {
    throw new PackageError(
      `TEAMS_DEVELOPER_NAME must be at most ${NAME_LIMIT} characters on one line (it is ${[...name].length}): ` +
        'the name of your department or team as users should see it.',
    );
  }
  return name;
}

/** An https address (new URL refuses one without a host), or a PackageError naming the variable. */
function httpsUrl({ variable, what, example }, value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' || value.length > URL_LIMIT || /\s/.test(value)) {
    throw new PackageError(
      `${variable} must be the https:// address of your ${what} (at most ${URL_LIMIT} characters), ` +
        `such as https://www.example.gov.uk/${example}.`,
    );
  }
  return value;
}

/**
 * The developer fields from `env`, and the variables left unset (their trial defaults are used).
 * Throws a PackageError naming the variable at fault.
 */
export function developerFrom(env) {
  const values = {};
  const unset = [];
  for (const field of DEVELOPER) {
    const given = env[field.variable]?.trim();
    if (!given) unset.push(field.variable);
    const value = given || field.fallback;
    values[field.variable] = field.variable === 'TEAMS_DEVELOPER_NAME' ? developerName(value) : httpsUrl(field, value);
  }
  return { values, unset };
}

/** The app version: TEAMS_APP_VERSION, else package.json's. Throws a PackageError naming where it came from. */
export function appVersion(env, packageVersion) {
  const given = env.TEAMS_APP_VERSION?.trim();
  const version = given || packageVersion;
  if (!VERSION.test(version ?? '')) {
    const source = given ? 'TEAMS_APP_VERSION' : "TEAMS_APP_VERSION is not set, and package.json's version";
    throw new PackageError(
      `${source} must be MAJOR.MINOR.PATCH in numbers, such as 1.2.3 (it is "${version ?? ''}"): ` +
        'Teams accepts no other form. Set TEAMS_APP_VERSION, higher than the version already uploaded.',
    );
  }
  return version;
}

/** Warning text for unset developer variables, or '' when all are set. */
export function developerWarning(unset) {
  if (unset.length === 0) return '';
  return (
    `package:teams: warning: ${unset.join(', ')} ${unset.length === 1 ? 'is' : 'are'} not set, so the package ` +
    'uses the trial defaults (developer "guidance-bot"; website, privacy notice and terms of use all the ' +
    'guidance page). That is fine for a trial only: before publishing to your organisation, set them to ' +
    "your department's name and pages.\n"
  );
}

/**
 * The manifest with its placeholders filled in, from `env`, and the developer variables left unset.
 * Throws a PackageError naming the variable at fault.
 */
export function fillManifest(template, env, packageVersion) {
  const botId = env.MicrosoftAppId?.trim();
  if (!botId) {
    throw new PackageError(
      'MicrosoftAppId is not set. It is the bot id the package points Teams at: find it at Azure portal > ' +
        'your Azure Bot > Configuration > Microsoft App ID, and put it in .env or the environment.',
    );
  }
  if (!GUID.test(botId))
    throw new PackageError('MicrosoftAppId must be a GUID such as 00000000-0000-0000-0000-000000000000.');
  const appId = env.TEAMS_APP_ID?.trim() || teamsAppIdFor(botId);
  if (!GUID.test(appId))
    throw new PackageError('TEAMS_APP_ID must be a GUID (or unset, to derive one from MicrosoftAppId).');
  const domain = env.TEAMS_BOT_DOMAIN?.trim();
  if (domain && !/^[a-z0-9.-]+$/i.test(domain)) {
    throw new PackageError(
      'TEAMS_BOT_DOMAIN must be a host name such as guidance-bot.example.gov.uk (no https://, no path).',
    );
  }

  const developer = developerFrom(env);
  const values = {
    TEAMS_APP_ID: appId,
    BOT_ID: botId,
    TEAMS_APP_VERSION: appVersion(env, packageVersion),
    ...developer.values,
  };
  // Each value goes in as JSON string content: a quote or backslash in a name cannot break the manifest.
  const filled = JSON.parse(
    template.replace(/\$\{\{([A-Z_]+)\}\}/g, (placeholder, name) =>
      name in values ? JSON.stringify(values[name]).slice(1, -1) : placeholder,
    ),
  );
  if (domain) filled.validDomains = [...new Set([...(filled.validDomains ?? []), domain])];
  const left = JSON.stringify(filled).match(/\$\{\{[A-Z_]+\}\}/);
  if (left)
    throw new PackageError(
      `manifest/teams/manifest.json still has a placeholder this script does not fill: ${left[0]}`,
    );
  return { manifest: filled, unsetDeveloper: developer.unset };
}

/** Schema errors for the manifest, from the schema of its manifestVersion in @microsoft/app-manifest. */
export async function schemaErrors(manifest) {
  const { AppManifestUtils } = require('@microsoft/app-manifest');
  const schemaPath = require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
  );
  return AppManifestUtils.validateAgainstSchema(manifest, JSON.parse(readFileSync(schemaPath, 'utf8')));
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = resolve(values.out ?? join(root, 'dist', 'teams-app.zip'));
  try {
    require('dotenv').config({ quiet: true });
  } catch {
    // dotenv missing: the environment alone will do
  }
  const folder = join(root, 'manifest', 'teams');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const { manifest, unsetDeveloper } = fillManifest(
    readFileSync(join(folder, 'manifest.json'), 'utf8'),
    process.env,
    version,
  );
  const errors = await schemaErrors(manifest);
  if (errors.length > 0) throw new PackageError(`the manifest does not match its schema:\n  ${errors.join('\n  ')}`);

  const AdmZip = require('adm-zip');
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  for (const icon of [manifest.icons.color, manifest.icons.outline])
    zip.addFile(icon, readFileSync(join(folder, icon)));
  mkdirSync(dirname(out), { recursive: true });
  zip.writeZip(out);
  process.stdout.write(
    `wrote ${out}\n  Teams app id ${manifest.id}${process.env.TEAMS_APP_ID ? '' : ' (derived from MicrosoftAppId)'}\n` +
      `  bot id       ${manifest.bots[0].botId}\n` +
      `  version      ${manifest.version}${process.env.TEAMS_APP_VERSION?.trim() ? '' : ' (from package.json)'}\n` +
      `  developer    ${manifest.developer.name}\n` +
      'Upload it in Teams: Apps > Manage your apps > Upload an app. To update an app already uploaded, ' +
      'build again with a higher TEAMS_APP_VERSION.\n',
  );
  // Last, so that it is what the admin sees.
  process.stderr.write(developerWarning(unsetDeveloper));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`package:teams: ${error instanceof PackageError ? error.message : error.stack}\n`);
    process.exitCode = 1;
  });
}
