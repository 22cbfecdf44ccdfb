import type Database from 'better-sqlite3';
import type {
  AskedQuestion,
  ConversationStore,
  FeedbackStore,
  FeedbackVerdict,
  Period,
  PlatformId,
  ReportSource,
  Store,
  StoredConversation,
  UsageReport,
  UsageStore,
} from '../../../src/index.js';
import { type Write, WriteHealthTracker } from '../write-health.js';
import { deliveryLog } from './deliveries.js';
import { codeAndMessage, useDatabase } from './open.js';
import { buildReport, feedbackCounts } from './report.js';
import { weeklyPostStore } from './weekly-posts.js';

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
  /** For tests: given the open connection, to make its disk "full" with PRAGMA max_page_count. */
  connection?: (db: Database.Database) => void;
}

type Settings = Required<Omit<SqliteStoreOptions, 'now' | 'file' | 'connection'>>;

export const defaultStoreOptions: Settings = {
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
      options.connection?.(db);
      return sqliteStore(db, settings, now);
    },
    access,
  );
}

function sqliteStore(db: Database.Database, settings: Settings, now: () => Date): Store {
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const health = new WriteHealthTracker(
    () => probeWrite(db, now().getTime() + settings.deliveryTtlMs),
    writeFailureOf,
    () => totalChanges.get() as number,
    () => now().getTime(),
  );
  const write: Write = (work) => health.write(work);
  const store: Store = {
    deliveries: deliveryLog(db, now, settings.deliveryTtlMs, health),
    feedback: feedbackStore(db, now, write),
    conversations: conversationStore(db, now, write),
    weeklyPosts: weeklyPostStore(db, now, write),
    usage: usageStore(db, now, settings.storeQuestions, write),
    reports: reportSource(db, settings, now),
    writes: health,
    async purge() {
      const at = now().getTime();
      return write(() => {
        const deliveries = db.prepare('DELETE FROM deliveries WHERE expires_at <= ?').run(at).changes;
        // With STORE_QUESTIONS off, text kept while it was on goes too.
        const cutoff = settings.storeQuestions ? at - settings.questionRetentionDays * DAY_MS : Number.MAX_SAFE_INTEGER;
        const questions = db.prepare('DELETE FROM questions WHERE asked_at < ?').run(cutoff).changes;
        // secure_delete overwrites the deleted text in the pages written to the write-ahead log; the
        // main file keeps the old pages until a checkpoint copies the new ones over (SQLite's own comes
        // only after 1000 pages of writes: days on a quiet bot). TRUNCATE also empties the log itself.
        db.pragma('wal_checkpoint(TRUNCATE)');
        return { deliveries, questions };
      });
    },
    async close() {
      if (db.open) db.close();
    },
  };
  return store;
}

/**
 * What WriteHealth is told of a failed write: SQLite's code and message ("SQLITE_FULL: database or disk
 * is full"), which name no stored value. A broken constraint is the caller's mistake, not the store's.
 */
function writeFailureOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_') || code.startsWith('SQLITE_CONSTRAINT')) return undefined;
  return codeAndMessage(error);
}

/**
 * The readiness probe's write: a delivery key, the write every Slack event needs, committed and
 * deleted again in one transaction. A write rolled back would never reach the disk, and so could not
 * tell that the disk is full.
 */
function probeWrite(db: Database.Database, expiresAt: number): void {
  db.transaction(() => {
    db.prepare('INSERT OR REPLACE INTO deliveries (key, expires_at) VALUES (?, ?)').run('probe:writes', expiresAt);
    db.prepare('DELETE FROM deliveries WHERE key = ?').run('probe:writes');
  }).immediate();
}

function feedbackStore(db: Database.Database, now: () => Date, write: Write): FeedbackStore {
  const add = db.prepare(
    `INSERT INTO feedback_daily (day, passage_id, helpful, not_helpful) VALUES (?, ?, ?, ?)
     ON CONFLICT (day, passage_id) DO UPDATE SET
       helpful = helpful + excluded.helpful, not_helpful = not_helpful + excluded.not_helpful`,
  );
  return {
    async record(passageId: string, verdict: FeedbackVerdict) {
      const helpful = verdict === 'helpful' ? 1 : 0;
      write(() => add.run(utcDay(now()), passageId, helpful, 1 - helpful));
    },
    async counts(period?: Period) {
      return feedbackCounts(db, period);
    },
  };
}

interface ConversationRow {
  platform: PlatformId;
  id: string;
  reference: string;
  weekly: number;
  active: number;
  inactive_reason: string | null;
}

function conversationStore(db: Database.Database, now: () => Date, write: Write): ConversationStore {
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
      return write(() =>
        db
          .transaction(() => {
            const before = find.get(platform, id) as ConversationRow | undefined;
            upsert.run(platform, id, JSON.stringify(reference), at, at);
            return !before || before.active === 0;
          })
          .immediate(),
      );
    },
    async deactivate(platform, id, reason) {
      const deactivate = db.prepare(
        'UPDATE conversations SET active = 0, inactive_reason = ?, updated_at = ? WHERE platform = ? AND id = ?',
      );
      write(() => deactivate.run(reason, now().getTime(), platform, id));
    },
    async setWeekly(platform, id, on) {
      const update = db.prepare('UPDATE conversations SET weekly = ?, updated_at = ? WHERE platform = ? AND id = ?');
      return write(() => update.run(on ? 1 : 0, now().getTime(), platform, id)).changes === 1;
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

function usageStore(db: Database.Database, now: () => Date, storeQuestions: boolean, write: Write): UsageStore {
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
      write(() =>
        db.transaction(() => {
          count.run(utcDay(at), question.platform, question.principleId ?? '', answered, 1 - answered);
          if (storeQuestions && question.text !== undefined) {
            const { platform, outcome, principleId, passageId, text } = question;
            keep.run(at.getTime(), platform, outcome, principleId ?? null, passageId ?? null, text);
          }
        })(),
      );
    },
  };
}

function reportSource(
  db: Database.Database,
  { storeQuestions, questionRetentionDays }: Settings,
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
