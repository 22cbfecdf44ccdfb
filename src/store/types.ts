// What guidance-bot keeps between runs, as interfaces: the SQLite store (adapters/store/sqlite) implements
// them for one instance, and a server database could implement them for several. Every method is
// asynchronous for that reason, although SQLite answers at once. Each implementation passes the same
// contract test (test/store/contract.ts).

/**
 * Which chat platform a record belongs to, as the adapter for that platform names itself ("slack",
 * "teams"). The core never looks inside: it only keeps one platform's records apart from another's, so
 * that a new platform adds an adapter and no change here. Stored as given; never rename a shipped id.
 */
export type PlatformId = string;

/**
 * Remembers which deliveries were already handled, so that each event gets exactly one reply. While
 * the store cannot be written, keys are remembered in memory instead: answering goes on.
 */
export interface DeliveryLog {
  /**
   * True the first time `key` is claimed (within the time it is remembered), false for every repeat.
   * Resolves even when the key cannot be written (see Store.writes).
   */
  claim(key: string): Promise<boolean>;
}

/** Whether the store can be written: what the server's readiness check (GET /readyz) reports. */
export interface WriteHealth {
  /**
   * Why the last write failed, as the database's error code and message ("SQLITE_FULL: database or
   * disk is full"), never anything stored; undefined while writes succeed.
   */
  readonly failure: string | undefined;
  /**
   * While writes fail, tries a small write of its own (at most once a second), so that a store nobody
   * writes to notices when it can be written again. Resolves to `failure` afterwards.
   */
  check(): Promise<string | undefined>;
  /** Calls `listener` when writes start failing (with why) and when they succeed again (undefined). */
  onChange(listener: (failure: string | undefined) => void): void;
}

/** What a person said about an answer: the passage helped, or it did not. */
export type FeedbackVerdict = 'helpful' | 'not-helpful';

export interface FeedbackCounts {
  helpful: number;
  notHelpful: number;
}

/**
 * Answer feedback, counted by passage and day. Only the passage id and the verdict are kept: never the
 * question, the person, or where it was asked.
 */
export interface FeedbackStore {
  record(passageId: string, verdict: FeedbackVerdict): Promise<void>;
  /** Counts by passage id, over a period (default: all time). */
  counts(period?: Period): Promise<Map<string, FeedbackCounts>>;
}

/** A conversation the bot was added to (a Teams team, channel or chat), with how to reach it again. */
export interface StoredConversation {
  platform: PlatformId;
  id: string;
  /** The platform's own reference (for Teams a ConversationReference), as it was given. */
  reference: unknown;
  /** Whether the principle of the week is posted here. On when the bot is added. */
  weekly: boolean;
  /** False once the bot was removed, or the platform refused to post here (403, 404). */
  active: boolean;
  /** Why it is inactive: "removed", "HTTP 403"... */
  inactiveReason?: string;
}

export interface ConversationStore {
  /** Remembers (or refreshes) a conversation and marks it active. Resolves true when it was new or inactive. */
  remember(platform: PlatformId, id: string, reference: unknown): Promise<boolean>;
  /** Marks a conversation inactive, keeping the record. A no-op when it is not known. */
  deactivate(platform: PlatformId, id: string, reason: string): Promise<void>;
  /** Switches the weekly post on or off. Resolves false when the conversation is not known. */
  setWeekly(platform: PlatformId, id: string, on: boolean): Promise<boolean>;
  get(platform: PlatformId, id: string): Promise<StoredConversation | undefined>;
  list(platform: PlatformId, filter?: { active?: boolean; weekly?: boolean }): Promise<StoredConversation[]>;
}

/** One weekly post, identified by where and for which ISO week. */
export interface WeeklyPostKey {
  platform: PlatformId;
  conversation: string;
  /** "2026-W48" */
  week: string;
}

/**
 * - claimed: an instance has taken it and is posting (or died while posting: then nobody knows whether
 *   the platform received it, and it is left alone rather than risk a second post);
 * - posted: the platform accepted it;
 * - failed: the platform refused it in a way that means it was not posted; a later round may try again.
 */
export type WeeklyPostStatus = 'claimed' | 'posted' | 'failed';

export interface WeeklyPost extends WeeklyPostKey {
  principleId: string;
  status: WeeklyPostStatus;
  messageId?: string;
  pinned: boolean;
  claimedAt: Date;
  postedAt?: Date;
  /** Why the last attempt failed: a status or error code, never message text. */
  error?: string;
}

export interface WeeklyPostStore {
  /**
   * Claims a post before it is sent: true for exactly one caller per key, across processes. A failed
   * post can be claimed again; a claimed or posted one cannot.
   */
  claim(key: WeeklyPostKey, principleId: string): Promise<boolean>;
  posted(key: WeeklyPostKey, result: { messageId?: string; pinned: boolean }): Promise<void>;
  failed(key: WeeklyPostKey, error: string): Promise<void>;
  /** Posts still pinned in a conversation from weeks before `week`, oldest first. */
  pinnedBefore(platform: PlatformId, conversation: string, week: string): Promise<WeeklyPost[]>;
  unpinned(key: WeeklyPostKey): Promise<void>;
  list(filter?: { week?: string; platform?: PlatformId }): Promise<WeeklyPost[]>;
}

export type QuestionOutcome = 'answered' | 'declined';

export interface AskedQuestion {
  platform: PlatformId;
  outcome: QuestionOutcome;
  /** The principle of the answer; none when declined. */
  principleId?: string;
  passageId?: string;
  /** Kept only when the store was opened with `storeQuestions`. */
  text?: string;
  at?: Date;
}

/** Counts of questions answered and declined, per principle and day, and the text only if switched on. */
export interface UsageStore {
  record(question: AskedQuestion): Promise<void>;
}

/** Days, inclusive, as YYYY-MM-DD in UTC. */
export interface Period {
  from: string;
  to: string;
}

export interface UsageReport {
  period: Period;
  /** Per day: answered and declined, for every day in the period (zero days included). */
  days: Array<{ day: string; answered: number; declined: number }>;
  /** Answered questions per principle id. */
  byPrinciple: Map<string, number>;
  answered: number;
  declined: number;
  feedback: Map<string, FeedbackCounts>;
  /**
   * Only when question text is kept (STORE_QUESTIONS): the period's declined questions still within
   * retention, newest first, at most 200. These are what the guidance does not cover.
   */
  declinedQuestions?: Array<{ at: Date; platform: PlatformId; text: string }>;
  /** Whether question text is kept (the store was opened with storeQuestions). */
  storingQuestions: boolean;
}

export interface ReportSource {
  report(period: Period): Promise<UsageReport>;
}

/** Everything kept between runs. */
export interface Store {
  readonly deliveries: DeliveryLog;
  readonly feedback: FeedbackStore;
  readonly conversations: ConversationStore;
  readonly weeklyPosts: WeeklyPostStore;
  readonly usage: UsageStore;
  readonly reports: ReportSource;
  readonly writes: WriteHealth;
  /**
   * Forgets expired delivery keys, and question text past its retention (all of it when the store was
   * opened without storeQuestions), and makes sure deleted text is gone from the files, not only from
   * the tables. Returns what was removed.
   */
  purge(): Promise<{ deliveries: number; questions: number }>;
  close(): Promise<void>;
}
