import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { TeamsManifest } from '@microsoft/app-manifest';
import { describe, expect, it } from 'vitest';
import { CHECK_COMMAND_ID, SEARCH_COMMAND_ID } from '../../adapters/teams/messaging-extension.js';
import { parseCommand } from '../../src/index.js';
import { makeTempDir, projectRoot } from '../helpers.js';
import {
  APP_ID,
  BOT_ID,
  DEVELOPER,
  manifestFolder as folder,
  manifestIn,
  packageTeams,
  schemaErrors,
} from './package-run.js';

// The app package: manifest/teams/manifest.json filled by `npm run package:teams`, checked against
// the official schema that @microsoft/app-manifest ships (no network), and the icons beside it.

describe('npm run package:teams', () => {
  const built = packageTeams({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: APP_ID, ...DEVELOPER });

  it('writes a zip with manifest.json, color.png and outline.png at its root', () => {
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    expect(
      built.zip
        ?.getEntries()
        .map((entry) => entry.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(built.zip?.getEntry('color.png')?.getData()).toEqual(readFileSync(join(folder, 'color.png')));
  });

  it('fills the ids, and the result validates against the official schema offline', async () => {
    const manifest = manifestIn(built.zip);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots?.[0]?.botId).toBe(BOT_ID);
    expect(manifest.composeExtensions?.[0]?.botId).toBe(BOT_ID);
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.17);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(await schemaErrors(manifest)).toEqual([]);
  });

  it('derives a stable Teams app id from the bot id when TEAMS_APP_ID is not set', () => {
    const first = manifestIn(packageTeams({ MicrosoftAppId: BOT_ID }).zip);
    const second = manifestIn(packageTeams({ MicrosoftAppId: BOT_ID.toUpperCase() }).zip);
    const other = manifestIn(packageTeams({ MicrosoftAppId: APP_ID }).zip);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
  });

  it('adds TEAMS_BOT_DOMAIN to validDomains', () => {
    const manifest = manifestIn(packageTeams({ MicrosoftAppId: BOT_ID, TEAMS_BOT_DOMAIN: 'bot.example.gov.uk' }).zip);
    expect(manifest.validDomains).toEqual(['bot.example.gov.uk']);
  });

  it('names the missing variable and where to find it', () => {
    const run = packageTeams({});
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('MicrosoftAppId is not set');
    expect(run.stderr).toContain('Azure portal > your Azure Bot > Configuration > Microsoft App ID');
  });

  it('names a malformed id', () => {
    expect(packageTeams({ MicrosoftAppId: 'my-bot' }).stderr).toContain('MicrosoftAppId must be a GUID');
    expect(packageTeams({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: 'x' }).stderr).toContain('TEAMS_APP_ID must be a GUID');
  });
});

describe('the manifest and the bot agree', () => {
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as TeamsManifest;
  const bot = manifest.bots?.[0];

  it('has the bot in personal, team and group chat scopes, with placeholders for the ids', () => {
    expect(manifest.id).toMatch(/^\$\{\{TEAMS_APP_ID\}\}$/);
    expect(manifest.version).toMatch(/^\$\{\{TEAMS_APP_VERSION\}\}$/);
    expect(Object.values(manifest.developer).every((value) => /^\$\{\{TEAMS_[A-Z_]+\}\}$/.test(value))).toBe(true);
    expect(bot?.botId).toMatch(/^\$\{\{BOT_ID\}\}$/);
    expect(bot?.scopes).toEqual(['personal', 'team', 'groupChat']);
  });

  it('lists the shared and weekly commands for every scope, each one the bot reads as that command', () => {
    for (const scope of ['personal', 'team', 'groupChat']) {
      const list = bot?.commandLists?.find((candidate) => candidate.scopes.includes(scope as 'personal'));
      expect(list?.commands.map((command) => command.title)).toEqual([
        'help',
        'principles',
        'principle 3',
        'week',
        'weekly',
        'weekly on',
        'weekly off',
      ]);
      for (const command of list?.commands ?? []) {
        const parsed = parseCommand(command.title);
        if (command.title.startsWith('weekly')) {
          expect(parsed).toEqual({ name: 'weekly', switch: command.title.split(' ')[1] ?? 'show' });
        } else expect(parsed.name).not.toBe('ask');
      }
    }
  });

  it('declares the search command and the message action the bot handles', () => {
    const commands = manifest.composeExtensions?.[0]?.commands ?? [];
    expect(commands.find((command) => command.id === SEARCH_COMMAND_ID)).toMatchObject({ type: 'query' });
    expect(commands.find((command) => command.id === CHECK_COMMAND_ID)).toMatchObject({
      type: 'action',
      title: 'Check against the guidance',
      context: ['message'],
      fetchTask: true,
    });
  });
});

describe('icons', () => {
  it('are PNGs of the right sizes: color 192x192 (opaque), outline 32x32 white on transparent', () => {
    const color = decodePng(readFileSync(join(folder, 'color.png')));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.pixels.every(([, , , alpha]) => alpha === 255)).toBe(true);

    const outline = decodePng(readFileSync(join(folder, 'outline.png')));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.pixels.every(([r, g, b, a]) => a === 0 || (r === 255 && g === 255 && b === 255))).toBe(true);
    const opaque = outline.pixels.filter(([, , , alpha]) => alpha > 0).length;
    expect(opaque).toBeGreaterThan(100);
    expect(opaque).toBeLessThan(32 * 32 - 100);
  });

  it('are what scripts/make-teams-icons.mjs draws', () => {
    const out = makeTempDir();
    const run = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'make-teams-icons.mjs'), out], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    for (const name of ['color.png', 'outline.png']) {
      expect(readFileSync(join(out, name)), name).toEqual(readFileSync(join(folder, name)));
    }
  });
});

/** Reads an 8-bit RGBA, non-interlaced PNG: the only kind the icons are. */
function decodePng(png: Buffer): { width: number; height: number; pixels: number[][] } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([...body.subarray(8, 13)]).toEqual([8, 6, 0, 0, 0]);
    } else if (type === 'IDAT') {
      data.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    const previous = rows[y - 1] ?? Buffer.alloc(stride);
    for (let x = 0; x < stride; x++) {
      const left = x >= 4 ? (line[x - 4] as number) : 0;
      const up = previous[x] as number;
      const upLeft = x >= 4 ? (previous[x - 4] as number) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter as number] as number;
      line[x] = ((line[x] as number) + predictor) & 0xff;
    }
    rows.push(line);
  }
  const pixels = rows.flatMap((row) => Array.from({ length: width }, (_, x) => [...row.subarray(x * 4, x * 4 + 4)]));
  return { width, height, pixels };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
