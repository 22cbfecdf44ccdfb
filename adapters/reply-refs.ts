import type { Core, Reply } from '../src/index.js';
import { isObject } from './is-object.js';

// References to replies, shared by the platforms' buttons: Slack puts them in a button's value, Teams in
// a card action's data. Each platform's own wrapping (Slack's feedback values and length limit) stays in
// its folder.

/**
 * What a button needs to show an answer again: ids only (passage ids, a command, a date), never the
 * question, so nothing a person typed travels in a button's value or comes back in a payload.
 */
export type ReplyRef =
  | AnswerRef
  | { k: 'principles' }
  | { k: 'principle'; id: string }
  | { k: 'week'; d: string }
  | { k: 'help' };

/**
 * An answer: its passage, its alternatives' passages, whether the question was cut short, and whether
 * the passages were only a weak fit (shown as the closest ones).
 */
export interface AnswerRef {
  k: 'answer';
  p: string;
  a?: string[];
  t?: 1;
  w?: 1;
}

/** The reference to a reply that can be shown again, or undefined (declines and unknown principles are not shared). */
export function refOf(reply: Reply, date: Date): ReplyRef | undefined {
  switch (reply.kind) {
    case 'answer': {
      const result = reply.result;
      if (!result.answered) return undefined;
      return answerRef(
        result.passage.id,
        result.alternatives.map((other) => other.passage.id),
        result.truncated,
        result.weak === true,
      );
    }
    case 'principles':
      return { k: 'principles' };
    case 'principle':
      return { k: 'principle', id: reply.principle.id };
    case 'week':
      return { k: 'week', d: date.toISOString().slice(0, 10) };
    case 'help':
      return { k: 'help' };
    case 'unknown-principle':
      return undefined;
  }
}

export function answerRef(
  passageId: string,
  alternativeIds: string[] = [],
  truncated = false,
  weak = false,
): AnswerRef {
  return {
    k: 'answer',
    p: passageId,
    ...(alternativeIds.length ? { a: alternativeIds } : {}),
    ...(truncated ? { t: 1 } : {}),
    ...(weak ? { w: 1 } : {}),
  };
}

/** The reply a reference stands for, built again from the core; undefined if the knowledge no longer has it. */
export function replyFromRef(core: Core, ref: ReplyRef): Reply | undefined {
  switch (ref.k) {
    case 'answer': {
      const shown = core.passage(ref.p);
      if (!shown) return undefined;
      const alternatives = (ref.a ?? []).flatMap((id) => core.passage(id) ?? []);
      return {
        kind: 'answer',
        result: {
          answered: true,
          ...shown,
          alternatives,
          score: 1,
          ...(ref.w === 1 ? { weak: true as const } : {}),
          truncated: ref.t === 1,
        },
      };
    }
    case 'principles':
      return { kind: 'principles', principles: core.principles() };
    case 'principle':
      return core.principle(ref.id);
    case 'week':
      return core.week(new Date(`${ref.d}T12:00:00Z`));
    case 'help':
      return core.respond('help');
  }
}

// References come back in payloads: check their shape before trusting them.

export function parseReplyRef(value: string | undefined): ReplyRef | undefined {
  const parsed = parseJson(value);
  return isReplyRef(parsed) ? parsed : undefined;
}

/** An answer reference from a button's data (Teams sends it back as parsed JSON), or undefined. */
export function parseAnswerRef(value: unknown): AnswerRef | undefined {
  return isAnswerRef(value) ? value : undefined;
}

function isReplyRef(value: unknown): value is ReplyRef {
  if (!isObject(value)) return false;
  switch (value.k) {
    case 'answer':
      return isAnswerRef(value);
    case 'principles':
    case 'help':
      return true;
    case 'principle':
      return isId(value.id);
    case 'week':
      return typeof value.d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.d);
    default:
      return false;
  }
}

function isAnswerRef(value: unknown): value is AnswerRef {
  if (!isObject(value) || value.k !== 'answer' || !isId(value.p)) return false;
  if (value.a !== undefined && !(Array.isArray(value.a) && value.a.every(isId))) return false;
  return (value.t === undefined || value.t === 1) && (value.w === undefined || value.w === 1);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}

/** JSON text from a payload, parsed; undefined when it is missing or not JSON. */
export function parseJson(value: string | undefined): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
