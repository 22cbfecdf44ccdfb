import { createInterface } from 'node:readline';
import type { Core } from '../../src/index.js';
import { renderPlain } from './render.js';

const GREETING = `guidance-bot: ask whether and how to post, reply or comment, and I will quote the guidance.
Type "help" for commands, "context: <text>" to paste the message you are asking about, "quit" to leave.`;

/**
 * A terminal chat over the same core the chat platforms use: for trying the bot, and for anyone
 * without Slack or Teams. Context pasted with "context:" applies to the next question only.
 */
export async function runTerminalChat(
  core: Core,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const terminal = createInterface({ input, output, terminal: Boolean((input as { isTTY?: boolean }).isTTY) });
  output.write(`${GREETING}\n\n`);
  let context: string | undefined;
  terminal.setPrompt('> ');
  terminal.prompt();
  // Iterating the lines (rather than question()) keeps lines that arrive together, as from a pipe.
  for await (const line of terminal) {
    const text = line.trim();
    if (/^(quit|exit|bye)$/i.test(text)) break;
    const pasted = /^context:\s*(.*)$/is.exec(text);
    if (pasted) {
      context = pasted[1];
      output.write('Noted. Now ask your question about it.\n\n');
    } else if (text) {
      output.write(`\n${renderPlain(core.respond(text, context ? { context } : {}), core.presentation)}\n\n`);
      context = undefined;
    }
    terminal.prompt();
  }
  terminal.close();
}
