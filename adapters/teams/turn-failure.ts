import { ActivityTypes, type TurnContext } from 'botbuilder';
import { APOLOGY, type ConversationStore, type Logger } from '../../src/index.js';
import { isObject } from '../is-object.js';
import { readConnectorError } from './connector-errors.js';
import { conversationKey } from './conversations.js';

/** Log what failed (never the question, never a secret), then apologise where that makes sense. */
export async function turnFailed(
  context: TurnContext,
  error: Error,
  logger: Logger,
  conversations: ConversationStore,
): Promise<void> {
  const activity = context.activity;
  const userText = [activity.text, ...stringsIn(activity.value)];
  logger.error(
    `turn failed (${activity.type}${activity.name ? ` ${activity.name}` : ''}): ${redactedErrorLine(error, userText)}`,
  );
  const { failure, status } = readConnectorError(error);
  const conversationId = activity.conversation?.id;
  if (failure === 'gone' && conversationId) {
    // Removed or blocked: an apology would fail the same way, and the weekly post should stop too.
    await conversations.deactivate('teams', conversationKey(conversationId), `HTTP ${status}`).catch(() => {});
    logger.warn(`the conversation answered HTTP ${status}: marked inactive, no longer posted to`);
    return;
  }
  try {
    if (activity.type === ActivityTypes.Invoke) {
      // An invoke (search, message action) wants an HTTP answer, not a message in the chat.
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 500 } });
    } else {
      await context.sendActivity({ type: ActivityTypes.Message, text: APOLOGY, textFormat: 'plain' });
    }
  } catch (apologyError) {
    logger.error(`could not send the apology either: ${redactedErrorLine(apologyError, userText)}`);
  }
}

/** An error's kind, HTTP status and first line, with any of the user's text cut out. */
export function redactedErrorLine(error: unknown, userText: Array<string | undefined> = []): string {
  if (!(error instanceof Error)) return 'a non-Error value was thrown';
  const status = (error as { statusCode?: unknown }).statusCode;
  let message = error.message.split('\n')[0] ?? '';
  for (const text of userText) {
    const trimmed = text?.trim();
    if (trimmed && trimmed.length >= 3) message = message.split(trimmed).join('[message text]');
  }
  return `${error.name}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${message.slice(0, 300)}`;
}

/** Every string inside an invoke's value (search words, message text, form fields). */
function stringsIn(value: unknown, depth = 0): string[] {
  // Invoke values are a few levels deep; a hostile one may be thousands, which must not blow the stack here.
  if (depth > 32) return [];
  if (typeof value === 'string') return [value];
  const children = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  return children.flatMap((child) => stringsIn(child, depth + 1));
}
