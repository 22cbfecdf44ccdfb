import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeAndMessage } from '../../adapters/store/sqlite/open.js';
import { makeTempDir, projectRoot } from '../helpers.js';

// Paths that cannot be made: Node's recursive mkdir never returns under /proc, which once hung start-up
// at full CPU. Each must fail (or, for the index, be skipped) at once with the usual clear message.

function run(script: string, env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, [join(projectRoot, 'dist', 'adapters', ...script.split('/')), ...args], {
    cwd: makeTempDir(),
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
}

describe('a path that cannot be made', () => {
  it('DATABASE_FILE under /proc: npm start stops with a message naming DATABASE_FILE, exit 1', () => {
    const result = run('main.js', {
      DATABASE_FILE: '/proc/nope/x.sqlite',
      INDEX_FILE: 'off',
      TEAMS_ALLOW_ANONYMOUS: 'true',
      PORT: '0',
    });
    expect(result.signal).toBeNull(); // not killed by the timeout: it did not hang
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABASE_FILE');
    expect(result.stderr).toContain("mkdir '/proc/nope'");
  });

  it('INDEX_FILE under /proc: the question is answered, the index just not saved', () => {
    const result = run('cli/ask.js', { INDEX_FILE: '/proc/nope/i.json' }, ['can I tweet about my job?']);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Principle');
  });

  it('DATABASE_FILE under a file: one clear message, its error code said once', () => {
    const file = join(makeTempDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    const result = run('main.js', {
      DATABASE_FILE: join(file, 'x.sqlite'),
      INDEX_FILE: 'off',
      TEAMS_ALLOW_ANONYMOUS: 'true',
      PORT: '0',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABASE_FILE');
    expect(result.stderr).not.toMatch(/\b(E[A-Z]+): \1:/);
  });

  it("an error's code is not repeated when Node's message already starts with it", () => {
    const error = Object.assign(new Error("EEXIST: file already exists, mkdir '/srv/x'"), { code: 'EEXIST' });
    expect(codeAndMessage(error)).toBe("EEXIST: file already exists, mkdir '/srv/x'");
    const other = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(codeAndMessage(other)).toBe('SQLITE_BUSY: database is locked');
  });
});
