#!/usr/bin/env node
// `npm run package:teams`: the Teams app package, ready to upload (Teams > Apps > Manage your apps >
// Upload an app, or the Teams admin center). Fills the ids in manifest/teams/manifest.json from the
// environment (and .env), checks the result against the official schema shipped in
// @microsoft/app-manifest (offline), and zips manifest.json, color.png and outline.png at the root.
//
//   MicrosoftAppId     required: the bot's app id (Azure portal > your Azure Bot > Configuration > Microsoft App ID)
//   TEAMS_APP_ID       optional: the Teams app's own id; by default one derived from MicrosoftAppId, so that
//                      every package built for the same bot updates the same app instead of adding another
//   TEAMS_BOT_DOMAIN   optional: the host name of the bot's endpoint, added to validDomains
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

class PackageError extends Error {}

/** A UUID (version 5 layout) derived from the bot id: the same bot always gets the same Teams app id. */
export function teamsAppIdFor(botId) {
  const hash = createHash('sha1').update(`guidance-bot/teams-app/${botId.toLowerCase()}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The manifest with its ids filled in, from `env`. Throws a PackageError naming the variable at fault. */
export function fillManifest(template, env, version) {
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

  const ids = { TEAMS_APP_ID: appId, BOT_ID: botId };
  const filled = JSON.parse(template.replace(/\$\{\{(TEAMS_APP_ID|BOT_ID)\}\}/g, (_, name) => ids[name]));
  if (version) filled.version = version;
  if (domain) filled.validDomains = [...new Set([...(filled.validDomains ?? []), domain])];
  const left = JSON.stringify(filled).match(/\$\{\{[A-Z_]+\}\}/);
  if (left)
    throw new PackageError(
      `manifest/teams/manifest.json still has a placeholder this script does not fill: ${left[0]}`,
    );
  return filled;
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
  const manifest = fillManifest(readFileSync(join(folder, 'manifest.json'), 'utf8'), process.env, version);
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
      `  bot id       ${manifest.bots[0].botId}\nUpload it in Teams: Apps > Manage your apps > Upload an app.\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`package:teams: ${error instanceof PackageError ? error.message : error.stack}\n`);
    process.exitCode = 1;
  });
}
