import { join } from 'node:path';
import { afterAll } from 'vitest';
import { launchServer, type ServerProcess } from '../bench/load/server-process.js';
import { makeTempDir } from './helpers.js';

export type { ServerProcess };

// `npm start` (dist/adapters/main.js, built by test/global-setup.ts) as a real process, as the load
// benchmark starts it (bench/load/server-process.ts), with what the tests of it have in common: a fresh
// folder (so no .env is read), a database of its own, no saved index and no weekly round unless `env`
// sets them, and nothing left running after the test file.

const running = new Set<ServerProcess>();
afterAll(async () => {
  await Promise.all([...running].map((server) => server.stop('SIGKILL')));
});

/** `npm start` with `env`, serving (answering /healthz). */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await launchServerProcess(env);
  await server.healthy();
  return server;
}

/** `npm start` with `env` and `input` typed into it, not waited for: a test waits for what it expects. */
export async function launchServerProcess(env: Record<string, string> = {}, input?: string): Promise<ServerProcess> {
  const dir = makeTempDir();
  const server = await launchServer({
    dir,
    env: { INDEX_FILE: 'off', DATABASE_FILE: join(dir, 'guidance-bot.sqlite'), WEEKLY_CRON: 'off', ...env },
    ...(input === undefined ? {} : { input }),
  });
  running.add(server);
  void server.exitCode.then(() => running.delete(server));
  return server;
}
