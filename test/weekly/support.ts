import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { LogLevelName } from '../../adapters/config.js';
import { createLogger } from '../../adapters/log.js';
import { createSlackWeeklyPublisher } from '../../adapters/slack/weekly.js';
import type { WeeklyRoundLog } from '../../src/index.js';
import { makeTempDir, projectRoot } from '../helpers.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../slack/support/harness.js';
import type { SlackStandIn } from '../slack/support/web-api-stand-in.js';

export { testCore } from '../slack/support/harness.js';

/** Six channel ids, as WEEKLY_SLACK_CHANNELS would list them. */
export const CHANNELS = ['C0000000001', 'C0000000002', 'C0000000003', 'C0000000004', 'C0000000005', 'C0000000006'];

export interface RecordingLog extends WeeklyRoundLog {
  lines: string[];
}

export function recordingLog(): RecordingLog {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
}

/** Waits recorded instead of slept, so that retries are fast and their waits can be checked. */
export function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

/** The Slack publisher against the stand-in, logging into `lines` (at debug level unless told). */
export function slackPublisher(
  standIn: SlackStandIn,
  channels: readonly string[],
  lines: string[] = [],
  level: LogLevelName = 'debug',
) {
  return createSlackWeeklyPublisher({
    token: BOT_TOKEN,
    slackApiUrl: standIn.apiUrl,
    channels,
    logger: createLogger(level, { write: (line) => lines.push(line) }),
    sleep: async () => {},
  });
}

/** chat.postMessage calls per channel. */
export function postsPerChannel(standIn: SlackStandIn): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of standIn.callsTo('chat.postMessage')) {
    const channel = String((call.body as { channel?: unknown }).channel);
    counts[channel] = (counts[channel] ?? 0) + 1;
  }
  return counts;
}

export interface WeekCliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * `npm run week` (the compiled dist/adapters/operator/week.js) as a real child process, asynchronously so
 * that the stand-ins in this process can answer it. It runs in an empty folder (no .env) with only the
 * settings given: nothing from the developer's environment leaks in.
 */
export function startWeekCli(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; done: Promise<WeekCliRun> } {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(SLACK_|WEEKLY_|TEAMS_|Microsoft|DATABASE_FILE|STORE_QUESTIONS|KNOWLEDGE_DIR|LOG_LEVEL)/i.test(name)) {
      clean[name] = value;
    }
  }
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'adapters', 'operator', 'week.js'), ...args], {
    cwd: makeTempDir(),
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const done = new Promise<WeekCliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => {
      children.delete(child);
      resolve({ status, signal, stdout, stderr });
    });
  });
  return { child, done };
}

export function runWeekCli(args: string[], env: Record<string, string>): Promise<WeekCliRun> {
  return startWeekCli(args, env).done;
}

/** The settings `npm start` would have for Slack against the stand-in, posting weekly to `channels`. */
export function slackEnv(standIn: SlackStandIn, databaseFile: string, channels = CHANNELS): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.apiUrl,
    WEEKLY_SLACK_CHANNELS: channels.join(','),
    DATABASE_FILE: databaseFile,
  };
}
