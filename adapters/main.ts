import { createCore } from '../src/index.js';
import { runTerminalChat } from './cli/chat.js';
import { loadEnvFile, readCoreConfig } from './config.js';

/**
 * The composition root: reads configuration once, builds the core, and starts whichever adapters
 * are configured. With no chat platform configured it opens a terminal chat instead.
 */
async function main(): Promise<void> {
  loadEnvFile();
  const core = createCore(readCoreConfig(process.env));
  process.stderr.write(
    'No chat platform is configured, so this is a terminal chat over the same answers.\n' +
      'To connect Slack or Microsoft Teams, copy .env.example to .env and fill it in (see README.md).\n\n',
  );
  await runTerminalChat(core);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
