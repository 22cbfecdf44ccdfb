import { ActivityTypes, type TurnContext } from 'botbuilder';
import {
  type Core,
  type DeliveryLog,
  type FeedbackStore,
  type FeedbackVerdict,
  PASSAGE_GONE,
} from '../../src/index.js';
import { isObject } from '../is-object.js';
import { parseAnswerRef, replyFromRef } from '../reply-refs.js';
import { hashed, personOf, sendCard, sendText } from './activities.js';
import { answerCard, type CardAction, cardAttachment, suggestionCard, summaryText } from './cards.js';

// The buttons on the bot's cards in a conversation: Helpful / Not helpful, and the alternative answers.

export interface CardButtonDeps {
  core: Core;
  feedback: FeedbackStore;
  /** Also keeps the votes: one per person per answer. */
  deliveries: DeliveryLog;
}

/** A button's data, or undefined for anything that is not one of ours. */
export function readCardAction(value: unknown): CardAction | undefined {
  if (!isObject(value) || typeof value.passageId !== 'string') return undefined;
  const passageId = value.passageId;
  if (passageId.length === 0 || passageId.length > 200) return undefined;
  if (value.action === 'alternative') return { action: 'alternative', passageId };
  if (value.action === 'feedback' && (value.verdict === 'helpful' || value.verdict === 'not-helpful')) {
    const r = parseAnswerRef(value.r);
    return { action: 'feedback', passageId, verdict: value.verdict, ...(r ? { r } : {}) };
  }
  return undefined;
}

/** Helpful / Not helpful (recorded: passage id and verdict only) and the alternative answers. */
export async function answerCardButton(deps: CardButtonDeps, context: TurnContext, action: CardAction): Promise<void> {
  if (action.action === 'feedback') {
    await vote(deps, context, action);
    return;
  }
  const suggestion = deps.core.passage(action.passageId);
  if (!suggestion) {
    await sendText(context, PASSAGE_GONE);
    return;
  }
  const card = suggestionCard(suggestion);
  await sendCard(context, card, card.fallbackText);
}

/**
 * Helpful / Not helpful: one vote per person per answer (a repeat press changes nothing), counted by
 * passage only, and shown in place of the buttons on the answer's own card. Nothing new is posted.
 */
async function vote(
  deps: CardButtonDeps,
  context: TurnContext,
  action: Extract<CardAction, { action: 'feedback' }>,
): Promise<void> {
  const answer = context.activity.replyToId;
  const key = `teams-vote:${hashed(personOf(context.activity), answer ?? action.passageId)}`;
  await recordVoteOnce(deps, key, action.passageId, action.verdict);
  const reply = action.r ? replyFromRef(deps.core, action.r) : undefined;
  if (!answer || reply?.kind !== 'answer') return;
  await context.updateActivity({
    type: ActivityTypes.Message,
    id: answer,
    summary: summaryText(reply),
    attachments: [
      cardAttachment(answerCard(reply.result, { voted: action.verdict, presentation: deps.core.presentation })),
    ],
  });
}

/** Records a vote for a passage the knowledge still has, unless the key has voted already. */
export async function recordVoteOnce(
  deps: CardButtonDeps,
  key: string,
  passageId: string,
  verdict: FeedbackVerdict,
): Promise<void> {
  if (deps.core.passage(passageId) && (await deps.deliveries.claim(key))) {
    await deps.feedback.record(passageId, verdict);
  }
}
