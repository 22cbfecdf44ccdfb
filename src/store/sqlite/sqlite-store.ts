import type Database from 'better-sqlite3';
import type {
  AskedQuestion,
  ConversationStore,
  DeliveryLog,
  FeedbackStore,
  FeedbackVerdict,
  Period,
  Platform,
  ReportSource,
  Store,
  StoredConversation,
  UsageReport,
  UsageStore,
  WeeklyPost,
  WeeklyPostKey,
  WeeklyPostStore,
} from '../types.js';
import { useDatabase } from './open.js';
import { buildReport, feedbackCounts } from './report.js';

export interface SqliteStoreOptions {
  /** The database file; created with its folder if missing. `:memory:` for a throwaway store. */
  file: string;
  /** Keep the text of questions (STORE_QUESTIONS). Default false: only counts are kept. */
  storeQuestions?: boolean;
  /** Days question text is kept when stored. Default 30. */
  questionRetentionDays?: number;
  /** How long a delivery key is remembered. Default 1 hour (Slack retries over about 5 minutes). */
  deliveryTtlMs?: number;
  /**
   * Open only to read (the report): the file must exist, nothing is written, and nothing is deleted
   * or purged. Question text is still only returned when `storeQuestions` is on, and within retention.
   */
  readOnly?: boolean;
  /** For tests: the clock. */
  now?: () => Date;
}

export const defaultStoreOptions: Required<Omit<SqliteStoreOptions, 'now' | 'file'>> = {
  readOnly: false,
  storeQuestions: false,
  questionRetentionDays: 30,
  deliveryTtlMs: 60 * 60 * 1000,
};

const DAY_MS = 86_400_000;

/** The UTC day of a moment, as YYYY-MM-DD. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * Opens the SQLite store. Throws a StoreError (naming the file) when it cannot be used. Opening changes
 * nothing stored: purge() deletes what is no longer kept (npm start runs it at start-up and hourly).
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const settings = { ...defaultStoreOptions, ...options };
  const now = options.now ?? (() => new Date());
  const access = settings.readOnly ? 'read-only' : 'read-write';
  return useDatabase(
    options.file,
    (db) => {
      return sqliteStore(db, settings, now);
    },
    access,
  );
}

function sqliteStore(
  db: Database.Database,
  settings: Required<Omit<SqliteStoreOptions, 'now' | 'file'>>,
  now: () => Date,
): Store {
  const store: Store = {
    deliveries: deliveryLog(db, now, settings.deliveryTtlMs),
    feedback: feedbackStore(db, now),
    conversations: conversationStore(db, now),
    weeklyPosts: weeklyPostStore(db, now),
    usage: usageStore(db, now, settings.storeQuestions),
    reports: reportSource(db, settings, now),
    async purge() {
      const at = now().getTime();
      const deliveries = db.prepare('DELETE FROM deliveries WHERE expires_at <= ?').run(at).changes;
      // With STORE_QUESTIONS off, text kept while it was on goes too.
      const cutoff = settings.storeQuestions ? at - settings.questionRetentionDays * DAY_MS : Number.MAX_SAFE_INTEGER;
      const questions = db.prepare('DELETE FROM questions WHERE asked_at < ?').run(cutoff).changes;
      return { deliveries, questions };
    },
    async close() {
      if (db.open) db.close();
    },
  };
  return store;
}

function deliveryLog(db: Database.Database, now: () => Date, ttlMs: number): DeliveryLog {
  // One statement checks and records: a key still remembered is left alone (no row changes).
  const claim = db.prepare(
    `INSERT INTO deliveries (key, expires_at) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE deliveries.expires_at <= ?`,
  );
  return {
    async claim(key) {
      const at = now().getTime();
      return claim.run(key, at + ttlMs, at).changes === 1;
    },
  };
}

function feedbackStore(db: Database.Database, now: () => Date): FeedbackStore {
  const add = db.prepare(
    `INSERT INTO feedback_daily (day, passage_id, helpful, not_helpful) VALUES (?, ?, ?, ?)
     ON CONFLICT (day, passage_id) DO UPDATE SET
       helpful = helpful + excluded.helpful, not_helpful = not_helpful + excluded.not_helpful`,
  );
  return {
    async record(passageId: string, verdict: FeedbackVerdict) {
      const helpful = verdict === 'helpful' ? 1 : 0;
      add.run(utcDay(now()), passageId, helpful, 1 - helpful);
    },
    async counts(period?: Period) {
      return feedbackCounts(db, period);
    },
  };
}

interface ConversationRow {
  platform: Platform;
  id: string;
  reference: string;
  weekly: number;
  active: number;
  inactive_reason: string | null;
}

function conversationStore(db: Database.Database, now: () => Date): ConversationStore {
  const find = db.prepare('SELECT * FROM conversations WHERE platform = ? AND id = ?');
  const upsert = db.prepare(
    `INSERT INTO conversations (platform, id, reference, added_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (platform, id) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at,
       weekly = CASE WHEN active THEN weekly ELSE 1 END, active = 1, inactive_reason = NULL`,
  );
  const toConversation = (row: ConversationRow): StoredConversation => ({
    platform: row.platform,
    id: row.id,
    reference: JSON.parse(row.reference),
    weekly: row.weekly === 1,
    active: row.active === 1,
    ...(row.inactive_reason ? { inactiveReason: row.inactive_reason } : {}),
  });
  return {
    async remember(platform, id, reference) {
      const at = now().getTime();
      // IMMEDIATE: it reads then writes, and must not lose to another instance's write in between.
      return db
        .transaction(() => {
          const before = find.get(platform, id) as ConversationRow | undefined;
          upsert.run(platform, id, JSON.stringify(reference), at, at);
          return !before || before.active === 0;
        })
        .immediate();
    },
    async deactivate(platform, id, reason) {
      db.prepare(
        'UPDATE conversations SET active = 0, inactive_reason = ?, updated_at = ? WHERE platform = ? AND id = ?',
      ).run(reason, now().getTime(), platform, id);
    },
    async setWeekly(platform, id, on) {
      const result = db
        .prepare('UPDATE conversations SET weekly = ?, updated_at = ? WHERE platform = ? AND id = ?')
        .run(on ? 1 : 0, now().getTime(), platform, id);
      return result.changes === 1;
    },
    async get(platform, id) {
      const row = find.get(platform, id) as ConversationRow | undefined;
      return row ? toConversation(row) : undefined;
    },
    async list(platform, filter = {}) {
      const rows = db
        .prepare(
          `SELECT * FROM conversations WHERE platform = ?
           AND (? IS NULL OR active = ?) AND (? IS NULL OR weekly = ?) ORDER BY added_at, id`,
        )
        .all(platform, ...flag(filter.active), ...flag(filter.weekly)) as ConversationRow[];
      return rows.map(toConversation);
    },
  };
}

function flag(value: boolean | undefined): [number | null, number | null] {
  const n = value === undefined ? null : value ? 1 : 0;
  return [n, n];
}

interface WeeklyPostRow {
  platform: Platform;
  conversation: string;
  week: string;
  principle_id: string;
  status: WeeklyPost['status'];
  message_id: string | null;
  pinned: number;
  claimed_at: number;
  posted_at: number | null;
  error: string | null;
}

function toWeeklyPost(row: WeeklyPostRow): WeeklyPost {
  return {
    platform: row.platform,
    conversation: row.conversation,
    week: row.week,
    principleId: row.principle_id,
    status: row.status,
    ...(row.message_id ? { messageId: row.message_id } : {}),
    pinned: row.pinned === 1,
    claimedAt: new Date(row.claimed_at),
    ...(row.posted_at ? { postedAt: new Date(row.posted_at) } : {}),
    ...(row.error ? { error: row.error } : {}),
  };
}

function weeklyPostStore(db: Database.Database, now: () => Date): WeeklyPostStore {
  // The primary key (platform, conversation, week) lets one claim in; a failed post may be claimed again.
  const claim = db.prepare(
    `INSERT INTO weekly_posts (platform, conversation, week, principle_id, status, claimed_at)
     VALUES (?, ?, ?, ?, 'claimed', ?)
     ON CONFLICT (platform, conversation, week) DO UPDATE SET
       status = 'claimed', principle_id = excluded.principle_id, claimed_at = excluded.claimed_at, error = NULL
     WHERE weekly_posts.status = 'failed'`,
  );
  const key = (k: WeeklyPostKey) => [k.platform, k.conversation, k.week] as const;
  const where = 'WHERE platform = ? AND conversation = ? AND week = ?';
  return {
    async claim(k, principleId) {
      return claim.run(...key(k), principleId, now().getTime()).changes === 1;
    },
    async posted(k, { messageId, pinned }) {
      db.prepare(
        `UPDATE weekly_posts SET status = 'posted', message_id = ?, pinned = ?, posted_at = ?, error = NULL ${where}`,
      ).run(messageId ?? null, pinned ? 1 : 0, now().getTime(), ...key(k));
    },
    async failed(k, error) {
      db.prepare(`UPDATE weekly_posts SET status = 'failed', error = ? ${where}`).run(error, ...key(k));
    },
    async pinnedBefore(platform, conversation, week) {
      const rows = db
        .prepare(
          `SELECT * FROM weekly_posts WHERE platform = ? AND conversation = ? AND week < ? AND pinned = 1
           ORDER BY week`,
        )
        .all(platform, conversation, week) as WeeklyPostRow[];
      return rows.map(toWeeklyPost);
    },
    async unpinned(k) {
      db.prepare(`UPDATE weekly_posts SET pinned = 0 ${where}`).run(...key(k));
    },
    async list(filter = {}) {
      const rows = db
        .prepare(
          `SELECT * FROM weekly_posts WHERE (? IS NULL OR week = ?) AND (? IS NULL OR platform = ?)
           ORDER BY week, platform, conversation`,
        )
        .all(
          filter.week ?? null,
          filter.week ?? null,
          filter.platform ?? null,
          filter.platform ?? null,
        ) as WeeklyPostRow[];
      return rows.map(toWeeklyPost);
    },
  };
}

function usageStore(db: Database.Database, now: () => Date, storeQuestions: boolean): UsageStore {
  const count = db.prepare(
    `INSERT INTO questions_daily (day, platform, principle_id, answered, declined) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (day, platform, principle_id) DO UPDATE SET
       answered = answered + excluded.answered, declined = declined + excluded.declined`,
  );
  const keep = db.prepare(
    `INSERT INTO questions (asked_at, platform, outcome, principle_id, passage_id, text) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  return {
    async record(question: AskedQuestion) {
      const at = question.at ?? now();
      const answered = question.outcome === 'answered' ? 1 : 0;
      db.transaction(() => {
        count.run(utcDay(at), question.platform, question.principleId ?? '', answered, 1 - answered);
        if (storeQuestions && question.text !== undefined) {
          const { platform, outcome, principleId, passageId, text } = question;
          keep.run(at.getTime(), platform, outcome, principleId ?? null, passageId ?? null, text);
        }
      })();
    },
  };
}

function reportSource(
  db: Database.Database,
  { storeQuestions, questionRetentionDays }: Required<Omit<SqliteStoreOptions, 'now' | 'file'>>,
  now: () => Date,
): ReportSource {
  return {
    async report(period: Period): Promise<UsageReport> {
      // Text past its retention is not shown even before the bot's next purge has deleted it.
      const keptSince = now().getTime() - questionRetentionDays * DAY_MS;
      return buildReport(db, period, storeQuestions ? keptSince : undefined);
    },
  };
}
