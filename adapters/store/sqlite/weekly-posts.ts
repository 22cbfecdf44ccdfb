import type Database from 'better-sqlite3';
import type { PlatformId, WeeklyPost, WeeklyPostKey, WeeklyPostStore } from '../../../src/index.js';
import type { Write } from '../write-health.js';

// The weekly posts: one row per conversation and ISO week, claimed before the post is sent.

interface WeeklyPostRow {
  platform: PlatformId;
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

export function weeklyPostStore(db: Database.Database, now: () => Date, write: Write): WeeklyPostStore {
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
      return write(() => claim.run(...key(k), principleId, now().getTime())).changes === 1;
    },
    async posted(k, { messageId, pinned }) {
      const update = db.prepare(
        `UPDATE weekly_posts SET status = 'posted', message_id = ?, pinned = ?, posted_at = ?, error = NULL ${where}`,
      );
      write(() => update.run(messageId ?? null, pinned ? 1 : 0, now().getTime(), ...key(k)));
    },
    async failed(k, error) {
      const update = db.prepare(`UPDATE weekly_posts SET status = 'failed', error = ? ${where}`);
      write(() => update.run(error, ...key(k)));
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
      const update = db.prepare(`UPDATE weekly_posts SET pinned = 0 ${where}`);
      write(() => update.run(...key(k)));
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
