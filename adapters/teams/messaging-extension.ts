import type {
  MessagingExtensionAction,
  MessagingExtensionActionResponse,
  MessagingExtensionAttachment,
  MessagingExtensionQuery,
  MessagingExtensionResponse,
  TurnContext,
} from 'botbuilder';
import {
  CHECK_ACTION_NAME,
  CHECK_EMPTY_MESSAGE,
  CHECK_LEAD,
  CHECK_NOT_A_MESSAGE,
  CHECK_QUESTION,
  type Core,
  citationLine,
  excerpt,
  FEEDBACK_THANKS,
  type Logger,
  PASSAGE_GONE,
  principleHeading,
  SEARCH_EMPTY,
  type Suggestion,
  UNKNOWN_COMMAND,
} from '../../src/index.js';
import { isObject } from '../is-object.js';
import { hashed, htmlToText, personOf } from './activities.js';
import { type CardButtonDeps, readCardAction, recordVoteOnce } from './card-buttons.js';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AdaptiveCard,
  answerCard,
  cardAttachment,
  escapeMarkdown,
  noticeCard,
  suggestionCard,
} from './cards.js';

// The messaging extension: the search box in the compose area, and the "Check against the guidance"
// action on a message. Neither posts to the conversation: search results are cards the person may
// insert, and the check opens in a dialog only they see.

/** Ids that tie the bot to manifest/teams/manifest.json (a test keeps them in step). */
export const SEARCH_COMMAND_ID = 'searchGuidance';
export const CHECK_COMMAND_ID = 'checkMessage';

export interface MessagingExtensionDeps extends CardButtonDeps {
  /**
   * Answers the search box. Teams sends a query as the person types, so this is a core that does not
   * count questions.
   */
  searchCore: Core;
  logger: Logger;
}

/** The search extension: the best passage and its alternatives, each a card to insert. */
export function searchResults(
  deps: MessagingExtensionDeps,
  query: MessagingExtensionQuery,
): MessagingExtensionResponse {
  if (query.commandId !== SEARCH_COMMAND_ID) return messageResponse(UNKNOWN_COMMAND);
  const text = (query.parameters ?? [])
    .filter((parameter) => parameter.name !== 'initialRun' && typeof parameter.value === 'string')
    .map((parameter) => parameter.value as string)
    .join(' ')
    .trim();
  if (!text) return messageResponse(SEARCH_EMPTY);
  const result = deps.searchCore.answer({ question: text });
  if (!result.answered) return messageResponse(result.reason);
  const found: Suggestion[] = [result, ...result.alternatives];
  const skip = query.queryOptions?.skip ?? 0;
  const count = query.queryOptions?.count ?? found.length;
  return {
    composeExtension: {
      type: 'result',
      attachmentLayout: 'list',
      attachments: found.slice(skip, skip + count).map(searchResult),
    },
  };
}

/** Picking a search result inserts that passage's card. */
export function selectedSearchResult(deps: MessagingExtensionDeps, value: unknown): MessagingExtensionResponse {
  const passageId = isObject(value) && typeof value.passageId === 'string' ? value.passageId : undefined;
  const suggestion = passageId ? deps.core.passage(passageId) : undefined;
  if (!suggestion) return messageResponse(PASSAGE_GONE);
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [searchResult(suggestion)] } };
}

/**
 * The message action: the message's text is the context, the question is "Can I reply to this?",
 * and the answer opens in a dialog that only the person who used the action sees.
 */
export function checkMessage(
  deps: MessagingExtensionDeps,
  action: MessagingExtensionAction,
): MessagingExtensionActionResponse {
  if (action.commandId !== CHECK_COMMAND_ID) return taskMessage(UNKNOWN_COMMAND);
  const body = action.messagePayload?.body;
  if (action.commandContext !== 'message' || !body) return taskCard(noticeCard(CHECK_NOT_A_MESSAGE));
  const messageText = body.contentType === 'html' ? htmlToText(body.content ?? '') : (body.content ?? '').trim();
  if (!messageText) return taskCard(noticeCard(CHECK_EMPTY_MESSAGE));
  const result = deps.core.answer({ question: CHECK_QUESTION, context: messageText });
  deps.logger.debug(`checked a message: ${result.answered ? 'answered' : 'declined'}`);
  return taskCard(answerCard(result, { lead: CHECK_LEAD, presentation: deps.core.presentation }));
}

/** Buttons pressed inside the message action's dialog. Nothing is posted to the conversation. */
export async function checkDialogButton(
  deps: MessagingExtensionDeps,
  context: TurnContext,
  action: MessagingExtensionAction,
): Promise<MessagingExtensionActionResponse> {
  const pressed = readCardAction(action.data);
  if (action.commandId !== CHECK_COMMAND_ID || !pressed) return {};
  if (pressed.action === 'feedback') {
    // In the dialog there is no answer message to key on: one vote per person per passage.
    const key = `teams-vote:${hashed(personOf(context.activity), 'dialog', pressed.passageId)}`;
    await recordVoteOnce(deps, key, pressed.passageId, pressed.verdict);
    return taskCard(noticeCard(FEEDBACK_THANKS));
  }
  const suggestion = deps.core.passage(pressed.passageId);
  return taskCard(suggestion ? suggestionCard(suggestion) : noticeCard(PASSAGE_GONE));
}

/**
 * One search result: the card to insert (complete, in `content`), and its preview in the list. The
 * results differ by their quote, so that is the title; principle and source are the subtitle. No `tap`:
 * Microsoft's client refuses a preview with an invoke tap ("Unable to reach app"), and the card it
 * would fetch is already here.
 */
function searchResult(suggestion: Suggestion): MessagingExtensionAttachment {
  return {
    contentType: ADAPTIVE_CARD_CONTENT_TYPE,
    content: suggestionCard(suggestion, { buttons: false }),
    preview: {
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: {
        title: escapeMarkdown(excerpt(suggestion.passage.text, 120)),
        subtitle: escapeMarkdown(
          `${principleHeading(suggestion.principle)} · ${citationLine(suggestion.passage.source)}`,
        ),
      },
    },
  };
}

function messageResponse(text: string): MessagingExtensionResponse {
  return { composeExtension: { type: 'message', text } };
}

function taskCard(card: AdaptiveCard): MessagingExtensionActionResponse {
  return {
    task: { type: 'continue', value: { title: CHECK_ACTION_NAME, width: 'medium', card: cardAttachment(card) } },
  };
}

function taskMessage(text: string): MessagingExtensionActionResponse {
  return { task: { type: 'message', value: text } };
}
