import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, makeTempDir } from '../helpers.js';
import { launchServerProcess } from '../server-process.js';

// `npm start` with a knowledge folder that gained a broken file: it stops before serving, naming the
// file and the line, and touches nothing (no database is created). There is no hot reload: knowledge is
// read once at start-up, so a running bot keeps the knowledge it started with until it is restarted.

describe('npm start with a broken knowledge file', () => {
  it('stops with the file and line, exit 1, before opening the database or a port', async () => {
    const knowledge = copyFixture();
    const broken = join(knowledge, 'passages', 'unclosed.md');
    writeFileSync(broken, '---\ntype: passage\nid: unclosed\nprinciple: a-speak-carefully\n\nNo closing line.\n');
    const database = join(makeTempDir(), 'guidance-bot.sqlite');
    const server = await launchServerProcess({
      KNOWLEDGE_DIR: knowledge,
      DATABASE_FILE: database,
      TEAMS_ALLOW_ANONYMOUS: 'true',
    });
    expect(await server.exitCode).toBe(1);
    expect(server.stderr()).toContain(`${broken}:1:`);
    expect(server.stderr()).not.toContain('listening on port');
    expect(server.stderr()).not.toMatch(/\n\s+at /);
    expect(existsSync(database)).toBe(false);
  });
});
