import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main as ask } from '../../adapters/cli/ask.js';
import { main as week } from '../../adapters/operator/week.js';
import { makeTempDir } from '../helpers.js';

// `npm run ask -- week` once built its core by hand and left WEEKLY_TIME_ZONE out: it showed London's
// week wherever the bot was set up. The CLIs take no time to show the week for, so these run their
// main() in this process with the clock set (Date only; timers run as usual) to an instant that is
// still Sunday in London but already Monday in Auckland: the two ISO weeks differ.

/** Sunday 1 March 2026, 23:30 UTC: 2026-W09 in London, Monday 2 March 12:30 (2026-W10) in Auckland. */
const INSTANT = new Date('2026-03-01T23:30:00Z');
const saved = { ...process.env };
let stdout: string;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: INSTANT });
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  process.env = { PATH: saved.PATH, INDEX_FILE: 'off', DATABASE_FILE: `${makeTempDir()}/none.sqlite` };
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  process.env = saved;
});

describe('the week shown follows WEEKLY_TIME_ZONE', () => {
  it.each([
    ['Pacific/Auckland', '2026-W10'],
    ['Europe/London', '2026-W09'],
  ])('npm run ask -- --json week, in %s: %s', async (timeZone, expected) => {
    process.env.WEEKLY_TIME_ZONE = timeZone;
    expect(await ask(['--json', 'week'])).toBe(0);
    expect((JSON.parse(stdout) as { kind: string; week: string }).week).toBe(expected);
  });

  it.each([
    ['Pacific/Auckland', '2026-W10'],
    ['Europe/London', '2026-W09'],
  ])('npm run week, in %s: %s', async (timeZone, expected) => {
    process.env.WEEKLY_TIME_ZONE = timeZone;
    expect(await week([])).toBe(0);
    expect(stdout).toMatch(new RegExp(`\\b${expected}\\b`));
  });
});
