// The database's schema, as migrations applied in order. PRAGMA user_version records how many were
// applied. Never edit a migration that has shipped: add the next one.

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE deliveries (
    key TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX deliveries_expiry ON deliveries (expires_at);

  CREATE TABLE feedback_daily (
    day TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    helpful INTEGER NOT NULL DEFAULT 0,
    not_helpful INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, passage_id)
  ) WITHOUT ROWID;

  CREATE TABLE questions_daily (
    day TEXT NOT NULL,
    platform TEXT NOT NULL,
    principle_id TEXT NOT NULL, -- '' when declined
    answered INTEGER NOT NULL DEFAULT 0,
    declined INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, platform, principle_id)
  ) WITHOUT ROWID;

  -- Only written when STORE_QUESTIONS is on, and purged after the retention period.
  CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    asked_at INTEGER NOT NULL,
    platform TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'declined')),
    principle_id TEXT,
    passage_id TEXT,
    text TEXT NOT NULL
  );
  CREATE INDEX questions_asked_at ON questions (asked_at);

  CREATE TABLE conversations (
    platform TEXT NOT NULL,
    id TEXT NOT NULL,
    reference TEXT NOT NULL, -- JSON
    weekly INTEGER NOT NULL DEFAULT 1,
    active INTEGER NOT NULL DEFAULT 1,
    inactive_reason TEXT,
    added_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (platform, id)
  ) WITHOUT ROWID;

  -- One row per conversation and ISO week: the primary key is what makes the weekly post happen once.
  CREATE TABLE weekly_posts (
    platform TEXT NOT NULL,
    conversation TEXT NOT NULL,
    week TEXT NOT NULL,
    principle_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'failed')),
    message_id TEXT,
    pinned INTEGER NOT NULL DEFAULT 0,
    claimed_at INTEGER NOT NULL,
    posted_at INTEGER,
    error TEXT,
    PRIMARY KEY (platform, conversation, week)
  ) WITHOUT ROWID;
  `,
];
