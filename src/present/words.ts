import type { PrincipleRef } from '../types.js';
import { type Contact, contactLink, type Presentation } from './settings.js';

// Every sentence the bot says, on every platform. The renderers escape and lay these out; they add no
// words of their own (test/present/renderer-contract.test.ts checks that each shows the same ones).

/**
 * Shown above a weak answer (`Answer.weak`) instead of asserting the passage as the answer; the best
 * passage and its alternatives follow as the closest passages.
 */
export const WEAK_ANSWER_LEAD = 'The guidance may not cover this directly. The closest passages are:';

/**
 * How many passages a `principle N` reply quotes; the rest are counted. Five: the most that keeps the
 * largest principle's card well under Teams' 28 KB, and so the number every platform shows.
 */
export const PASSAGES_SHOWN = 5;

export const HELP_INTRO =
  'Ask me whether and how to post, reply or comment, and I will quote the guidance that applies.';
export const PRINCIPLES_TITLE = 'The principles of the social media guidance for civil servants';
export const ALSO_RELEVANT = 'Also relevant:';
export const TRUNCATED_NOTE = '(Your question was long, so only its beginning was read.)';
export const SHORTENED_NOTE = '(Shortened here; open the source for the whole passage.)';
export const FEEDBACK_THANKS = 'Thanks — your feedback was recorded.';
/** Shown in place of the Helpful / Not helpful buttons once someone has voted. */
export const VOTED = {
  helpful: 'Thanks: you marked this answer helpful.',
  'not-helpful': 'Thanks: you marked this answer not helpful. The guidance owners see which passages miss.',
} as const;
export const APOLOGY = 'Sorry, something went wrong on my side. Please try again in a minute.';
export const RATE_LIMITED =
  'You have asked a lot of questions in the last minute, so I am taking a short breather. Please try again in a minute.';
export const PASSAGE_GONE = 'That passage is no longer in the guidance I have. Please ask your question again.';
export const WEEK_TITLE = 'Principle of the week';
export const HOW_TO_ASK_TITLE = 'How to ask';
export const PRINCIPLES_SHORT_TITLE = 'The principles';

/** The question asked about a message someone checks with "Check against the guidance". */
export const CHECK_QUESTION = 'Can I reply to this?';
/** The name of the message action (the manifests use it too). */
export const CHECK_ACTION_NAME = 'Check against the guidance';
/** The name of the search in the message box (the Teams manifest uses it too). */
export const SEARCH_ACTION_NAME = 'Search the guidance';
/** Above a checked message's answer, where only the person who asked sees it. */
export const CHECK_LEAD = `${CHECK_QUESTION} (about the message you chose; only you see this)`;
/** Above a checked message's answer, when it could not be shown privately where they were. */
export const CHECK_MOVED_NOTE = `You used “${CHECK_ACTION_NAME}” on a message. I could not answer you privately in that conversation, so the answer is here.`;
export const CHECK_NOT_A_MESSAGE = `Use this on a message: open the message’s “⋯” menu, then Apps > ${CHECK_ACTION_NAME}.`;
export const CHECK_EMPTY_MESSAGE = 'That message has no text to check.';
export const SEARCH_EMPTY = 'Type what you want to post or reply to, and I will find the passage that applies.';
export const UNKNOWN_COMMAND = 'guidance-bot does not know that command.';
export const WEEKLY_ON =
  'The principle of the week is posted in this conversation once a week. Type “weekly off” to stop it.';
export const WEEKLY_OFF =
  'The principle of the week is not posted in this conversation. Type “weekly on” to have it posted once a week.';

export function principleHeading(principle: Pick<PrincipleRef, 'number' | 'title'>): string {
  return `Principle ${principle.number}: ${principle.title}`;
}

/** Our own summary of a principle, labelled as ours so that no one takes it for the guidance. */
export function ourSummary(summary: string): string {
  return `In short (our summary, not the guidance’s words): ${summary}`;
}

export function weekLabel(week: string): string {
  return `${WEEK_TITLE} (${week})`;
}

export function morePassages(more: number): string {
  return `…and ${more} more passage${more === 1 ? '' : 's'} under this principle. Ask a question to find the one that fits.`;
}

export function noSuchPrinciple(requested: string): string {
  return `There is no principle “${requested}”. The principles are:`;
}

/** After a decline: what to try instead. `prefix` is how commands are typed where it is shown. */
export function tryAsking(prefix: string): string {
  return `Try asking about a post, a reply or an account, or type “${prefix}help”.`;
}

/** What happens to what people ask, true to the store's setting. */
export function privacyNote({ storesQuestions, retentionDays }: Presentation): string {
  const kept = storesQuestions
    ? `What you ask is kept, without your name, for ${retentionDays ?? 30} days, so that the team running me can see what people ask.`
    : 'Nothing you ask is stored.';
  return `Answers quote the guidance word for word, with their source. ${kept}`;
}

/** "Not sure? Ask … in …", in parts, so that a platform can make `where` a link. */
export interface ContactLine {
  lead: string;
  where: string;
  end: string;
  /** A web or mailto address for `where`, when it is one. */
  link?: string;
}

export function contactLine({ name, where }: Contact): ContactLine {
  const link = contactLink(where);
  const preposition = link ? 'at' : 'in';
  return { lead: `Not sure? Ask ${name} ${preposition} `, where, end: '.', ...(link ? { link } : {}) };
}

export function contactSentence(contact: Contact): string {
  const line = contactLine(contact);
  return `${line.lead}${line.where}${line.end}`;
}

/** Sent once when the bot is added to a conversation. */
export function welcome(presentation: Presentation): string {
  return [
    'Hello! I answer “can I post or reply to this?” questions by quoting the Social media guidance for civil servants, with its source.',
    'In a channel or group chat, @mention me with your question; type “help” to see what else I do.',
    privacyNote(presentation).replace(/^Answers quote[^.]*\. /, ''),
    ...(presentation.contact ? [contactSentence(presentation.contact)] : []),
  ].join(' ');
}

/** A way to reach the bot on a platform, which that platform's adapter names; the core words it. */
export type Surface =
  | { kind: 'mention'; name: string }
  | { kind: 'direct'; where?: string }
  | { kind: 'command'; name: string }
  | { kind: 'message-action'; menu: string }
  | { kind: 'search'; name: string }
  | { kind: 'weekly-switch' };

export function howToAsk(surface: Surface): string {
  switch (surface.kind) {
    case 'mention':
      return `Mention me in a channel or group chat: “${surface.name} can I reply to this tweet?” I answer in the thread.`;
    case 'direct':
      return `Message me${surface.where ? ` ${surface.where}` : ''}: only you see the answer.`;
    case 'command':
      return `Type “${surface.name}” and your question anywhere: only you see the answer, and you can share it.`;
    case 'message-action':
      return `Check a message: on any message, open ${surface.menu} and choose “${CHECK_ACTION_NAME}”. Only you see the answer.`;
    case 'search':
      return `“${surface.name}” in the message box finds a passage to share.`;
    case 'weekly-switch':
      return 'I post the principle of the week in each conversation I am added to. Type “weekly off” to stop it there, “weekly on” to start it again.';
  }
}
