import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers.js';
import { launchServerProcess } from '../server-process.js';

// `npm start` (dist/adapters/main.js) as a real process, with Teams configured for local development so
// that it serves: the database is opened before anything listens, and a bad one stops start-up.

async function start(env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  const server = await launchServerProcess({ TEAMS_ALLOW_ANONYMOUS: 'true', ...env });
  // Started: the database was fine. Stop it the way a service manager would. (Else it has exited.)
  await server.healthy().then(
    () => server.kill('SIGTERM'),
    () => {},
  );
  return { status: await server.exitCode, stderr: server.stderr() };
}

describe('start-up with DATABASE_FILE', () => {
  it('creates the database and serves', async () => {
    const file = join(makeTempDir(), 'state', 'guidance-bot.sqlite');
    const run = await start({ DATABASE_FILE: file });
    expect(run.stderr).toContain('listening on port');
    expect(run.status).toBe(0);
    expect(readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('stops on a damaged file, naming the variable and the file, and leaves it as it was', async () => {
    const file = join(makeTempDir(), 'guidance-bot.sqlite');
    const garbage = Buffer.from('SQLite format 3\0'.padEnd(8192, '#'));
    writeFileSync(file, garbage);
    const run = await start({ DATABASE_FILE: file });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/DATABASE_FILE/);
    expect(run.stderr).not.toContain('listening on port');
    expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('stops on a STORE_QUESTIONS that is neither true nor false', async () => {
    const run = await start({ DATABASE_FILE: join(makeTempDir(), 'db.sqlite'), STORE_QUESTIONS: 'yes please' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('STORE_QUESTIONS must be true or false (it is "yes please")');
  });
});
