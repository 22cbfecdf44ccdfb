import { isObject } from '../is-object.js';
import { type AnswerRef, parseAnswerRef, parseJson, type ReplyRef } from '../reply-refs.js';

// What Slack's buttons carry: a reply reference (adapters/reply-refs.ts, shared with Teams) or, on the
// feedback buttons, an answer reference with how the answer was shown; both as JSON within Slack's limit.

/** The value of a feedback button: the answer, and how it was shown (to show it again with thanks). */
export interface FeedbackRef {
  r: AnswerRef;
  /** The answer offered "Share in channel". */
  s?: 1;
  /** The user who shared it, when it was shared. */
  by?: string;
}

/** Slack's limit on a button's value. */
export const MAX_BUTTON_VALUE = 2000;

export function encodeValue(value: ReplyRef | FeedbackRef): string {
  const text = JSON.stringify(value);
  if (text.length > MAX_BUTTON_VALUE)
    throw new Error(`button value of ${text.length} characters is over Slack's limit`);
  return text;
}

// Button values come back in payloads: check their shape before trusting them.

export function parseFeedbackRef(value: string | undefined): FeedbackRef | undefined {
  const parsed = parseJson(value);
  if (!isObject(parsed) || !parseAnswerRef(parsed.r)) return undefined;
  if (parsed.s !== undefined && parsed.s !== 1) return undefined;
  if (parsed.by !== undefined && !isUserId(parsed.by)) return undefined;
  return parsed as unknown as FeedbackRef;
}

export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && /^[UW][A-Z0-9]{2,}$/.test(value);
}
