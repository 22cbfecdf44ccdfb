import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openSqliteStore } from '../../adapters/store/index.js';
import type { PlatformId } from '../../src/index.js';
import { type CliRun, fixtureKnowledge, makeTempDir, projectRoot } from '../helpers.js';

// A database seeded with known figures, in and around a seven-day period, and the compiled report CLI
// to read it. Dates are relative to today so that stored question text is within its retention.

const DAY_MS = 86_400_000;

/** Day `offset` of the period (0 is its first day; -1 the day before it, 7 the day after it). */
export function periodDay(offset: number): string {
  return new Date(Date.parse(`${PERIOD_START}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
}

const PERIOD_START = new Date(Date.now() - 10 * DAY_MS).toISOString().slice(0, 10);
export const PERIOD = { from: periodDay(0), to: periodDay(6) };
export const PERIOD_ARGS = ['--from', PERIOD.from, '--to', PERIOD.to];

export const INJECTED_QUESTION = '<img src=x onerror=alert(1)>';
/** A question that tries to recolour the terminal and fake a line of the report. */
export const ESCAPING_QUESTION = 'bake off recipes\u001b[31m\nAnswered  999';

/** What the seeded period holds (the fixture knowledge: listen-first is 1, speak-carefully is 2). */
export const SEEDED = {
  answered: 7,
  declined: 3,
  byPrinciple: { 'listen-first': 3, 'speak-carefully': 3, 'retired-principle': 1 },
  /** Questions per day of the period, [answered, declined]. */
  days: [
    [2, 0],
    [0, 1],
    [0, 0],
    [4, 0],
    [0, 0],
    [0, 0],
    [1, 2],
  ],
  feedback: {
    'no-arguments': { helpful: 1, notHelpful: 3 },
    'listen-hashtags': { helpful: 4, notHelpful: 0 },
    'official-account-tone': { helpful: 1, notHelpful: 1 },
    'retired-passage': { helpful: 0, notHelpful: 2 },
  },
  /** The declined questions of the period, newest first. */
  declinedQuestions: [INJECTED_QUESTION, ESCAPING_QUESTION, 'any good recipes for the bake off?'],
  answeredQuestion: 'can I reply to this tweet about our policy?',
  outsideQuestions: ['asked the day before the period', 'asked the day after the period'],
} as const;

interface Asked {
  day: number;
  time: string;
  outcome: 'answered' | 'declined';
  principleId?: string;
  text: string;
  platform?: PlatformId;
}

const ASKED: Asked[] = [
  // Inside the period.
  { day: 0, time: '09:00', outcome: 'answered', principleId: 'listen-first', text: SEEDED.answeredQuestion },
  { day: 0, time: '10:00', outcome: 'answered', principleId: 'listen-first', text: SEEDED.answeredQuestion },
  { day: 1, time: '11:30', outcome: 'declined', text: SEEDED.declinedQuestions[2], platform: 'teams' },
  { day: 3, time: '08:00', outcome: 'answered', principleId: 'listen-first', text: SEEDED.answeredQuestion },
  { day: 3, time: '12:00', outcome: 'answered', principleId: 'speak-carefully', text: SEEDED.answeredQuestion },
  { day: 3, time: '13:00', outcome: 'answered', principleId: 'speak-carefully', text: SEEDED.answeredQuestion },
  { day: 3, time: '14:00', outcome: 'answered', principleId: 'speak-carefully', text: SEEDED.answeredQuestion },
  { day: 6, time: '07:45', outcome: 'answered', principleId: 'retired-principle', text: SEEDED.answeredQuestion },
  { day: 6, time: '15:05', outcome: 'declined', text: SEEDED.declinedQuestions[1] },
  { day: 6, time: '23:59', outcome: 'declined', text: SEEDED.declinedQuestions[0] },
  // Outside it, on both sides.
  ...[-1, 7].flatMap((day, side) => [
    ...Array.from({ length: 5 }, () => ({
      day,
      time: '12:00',
      outcome: 'answered' as const,
      principleId: 'listen-first',
      text: SEEDED.answeredQuestion,
    })),
    { day, time: '00:00', outcome: 'declined' as const, text: SEEDED.outsideQuestions[side] as string },
  ]),
];

const FEEDBACK: Array<{ day: number; passageId: string; verdict: 'helpful' | 'not-helpful'; times: number }> = [
  { day: 2, passageId: 'no-arguments', verdict: 'helpful', times: 1 },
  { day: 2, passageId: 'no-arguments', verdict: 'not-helpful', times: 3 },
  { day: 4, passageId: 'listen-hashtags', verdict: 'helpful', times: 4 },
  { day: 5, passageId: 'official-account-tone', verdict: 'helpful', times: 1 },
  { day: 5, passageId: 'official-account-tone', verdict: 'not-helpful', times: 1 },
  { day: 6, passageId: 'retired-passage', verdict: 'not-helpful', times: 2 },
  // Outside the period: would top both lists if it leaked in.
  { day: -1, passageId: 'no-arguments', verdict: 'not-helpful', times: 9 },
  { day: 7, passageId: 'listen-hashtags', verdict: 'not-helpful', times: 5 },
  { day: 7, passageId: 'outside-only', verdict: 'not-helpful', times: 6 },
];

/** A database file in a temp folder holding the questions and feedback above. */
export async function seedDatabase(options: { storeQuestions: boolean }): Promise<string> {
  const file = join(makeTempDir(), 'guidance-bot.sqlite');
  let clock = new Date();
  const store = openSqliteStore({ file, storeQuestions: options.storeQuestions, now: () => clock });
  for (const asked of ASKED) {
    await store.usage.record({
      platform: asked.platform ?? 'slack',
      outcome: asked.outcome,
      ...(asked.principleId ? { principleId: asked.principleId, passageId: 'no-arguments' } : {}),
      text: asked.text,
      at: new Date(`${periodDay(asked.day)}T${asked.time}:00Z`),
    });
  }
  for (const { day, passageId, verdict, times } of FEEDBACK) {
    clock = new Date(`${periodDay(day)}T12:00:00Z`);
    for (let i = 0; i < times; i++) await store.feedback.record(passageId, verdict);
  }
  await store.close();
  return file;
}

/**
 * Runs the compiled report CLI (built by test/global-setup.ts) as `npm run report` does, against the
 * fixture knowledge. The bot's settings are taken from `env` only, and the working folder is a fresh
 * one, so that a developer's environment or .env cannot leak in.
 */
export function runReport(args: string[], env: Record<string, string> = {}): CliRun {
  const inherited = { ...process.env };
  for (const name of ['DATABASE_FILE', 'STORE_QUESTIONS', 'QUESTION_RETENTION_DAYS', 'KNOWLEDGE_DIR', 'INDEX_FILE']) {
    delete inherited[name];
  }
  const result = spawnSync(
    process.execPath,
    [join(projectRoot, 'dist', 'adapters', 'operator', 'report.js'), ...args],
    {
      cwd: makeTempDir(),
      env: { ...inherited, KNOWLEDGE_DIR: fixtureKnowledge, INDEX_FILE: 'off', ...env },
      encoding: 'utf8',
      timeout: 15_000,
    },
  );
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
