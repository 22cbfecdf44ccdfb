import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStoreOptions, type Store, StoreError } from '../../src/index.js';
import { makeTempDir } from '../helpers.js';

// The SQLite store on real files in temp folders: what survives a restart, what two connections to
// one file (two instances) see, and what it refuses to touch.

function tempFile(): string {
  return join(makeTempDir(), 'nested', 'guidance-bot.sqlite');
}

async function withStore<T>(options: SqliteStoreOptions, use: (store: Store) => Promise<T>): Promise<T> {
  const store = openSqliteStore(options);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe('opening', () => {
  it('creates the file and its folder, in WAL mode, at the current schema', async () => {
    const file = tempFile();
    await withStore({ file }, async () => {});
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('keeps what was stored across a restart', async () => {
    const file = tempFile();
    await withStore({ file }, (store) => store.feedback.record('p1', 'helpful'));
    await withStore({ file }, async (store) => {
      expect(await store.feedback.counts()).toEqual(new Map([['p1', { helpful: 1, notHelpful: 0 }]]));
    });
  });

  it('refuses a damaged file, naming it, and leaves every byte as it was', () => {
    const file = join(makeTempDir(), 'damaged.sqlite');
    const garbage = Buffer.from('SQLite format 3\0'.padEnd(4096, 'x'));
    writeFileSync(file, garbage);
    expect(() => openSqliteStore({ file })).toThrow(StoreError);
    expect(() => openSqliteStore({ file })).toThrow(/damaged\.sqlite .*(damaged|not a database).*move it aside/s);
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a database whose pages are damaged, and leaves it as it was', async () => {
    const file = tempFile();
    await withStore({ file }, async (store) => {
      for (let i = 0; i < 200; i++) await store.feedback.record(`passage-${i}`, 'helpful');
    });
    const bytes = readFileSync(file);
    // Break the header of every page but the first: the file still opens as SQLite, its tables do not.
    for (let page = 1; page < bytes.length / 4096; page++) bytes.fill(0xff, page * 4096, page * 4096 + 8);
    writeFileSync(file, bytes);
    expect(() => openSqliteStore({ file })).toThrow(/is damaged \(SQLite's check says: .*move it aside/s);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a file that is not a database at all', () => {
    const file = join(makeTempDir(), 'notes.txt');
    writeFileSync(file, 'meeting notes, not a database\n'.repeat(200));
    expect(() => openSqliteStore({ file })).toThrow(/notes\.txt .*not a database/);
    expect(readFileSync(file, 'utf8')).toBe('meeting notes, not a database\n'.repeat(200));
  });

  it('refuses another program’s database and does not add tables to it', () => {
    const file = join(makeTempDir(), 'other.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    other.close();
    expect(() => openSqliteStore({ file })).toThrow(/another program’s tables/);
    const check = new Database(file, { readonly: true });
    const tables = check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    check.close();
    expect(tables).toEqual([{ name: 'invoices' }]);
  });

  it('refuses a database from a newer version', async () => {
    const file = tempFile();
    await withStore({ file }, async () => {});
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openSqliteStore({ file })).toThrow(/newer guidance-bot \(schema 999/);
  });

  it('says so when the folder cannot be made', () => {
    const blocker = join(makeTempDir(), 'a-file');
    writeFileSync(blocker, '');
    expect(() => openSqliteStore({ file: join(blocker, 'guidance-bot.sqlite') })).toThrow(
      /a-file\/guidance-bot\.sqlite cannot be created/,
    );
  });
});

describe('deliveries', () => {
  it('are claimed once, and again once their time is up', async () => {
    let now = Date.parse('2026-11-25T10:00:00Z');
    await withStore({ file: tempFile(), deliveryTtlMs: 1000, now: () => new Date(now) }, async ({ deliveries }) => {
      expect(await deliveries.claim('event:Ev1')).toBe(true);
      expect(await deliveries.claim('event:Ev1')).toBe(false);
      now += 1001;
      expect(await deliveries.claim('event:Ev1')).toBe(true);
    });
  });

  it('are claimed once across two instances on one file, and after a restart', async () => {
    const file = tempFile();
    const first = openSqliteStore({ file });
    const second = openSqliteStore({ file });
    const claims = await Promise.all([first, second, first, second].map((store) => store.deliveries.claim('k')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await first.close();
    await second.close();
    await withStore({ file }, async (store) => expect(await store.deliveries.claim('k')).toBe(false));
  });

  it('are purged once expired', async () => {
    let now = 0;
    await withStore({ file: tempFile(), deliveryTtlMs: 10, now: () => new Date(now) }, async (store) => {
      await store.deliveries.claim('a');
      await store.deliveries.claim('b');
      now = 11;
      expect(await store.purge()).toEqual({ deliveries: 2, questions: 0 });
    });
  });
});

describe('questions', () => {
  const asked = (day: string, text: string) => ({
    platform: 'slack' as const,
    outcome: 'answered' as const,
    principleId: 'not-alone',
    passageId: 'p1',
    text,
    at: new Date(`${day}T12:00:00Z`),
  });
  const declined = (day: string, text: string) => ({
    platform: 'teams' as const,
    outcome: 'declined' as const,
    text,
    at: new Date(`${day}T12:00:00Z`),
  });

  it('are counted, without their text, by default', async () => {
    const file = tempFile();
    await withStore({ file }, async (store) => {
      await store.usage.record(asked('2026-11-20', 'can I reply to this journalist?'));
      await store.usage.record({ platform: 'teams', outcome: 'declined', text: 'where is the canteen?' });
    });
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM questions').get()).toEqual({ n: 0 });
    expect(readFileSync(file).includes('journalist')).toBe(false);
    db.close();
  });

  it('keep their text with storeQuestions, until the retention period is over', async () => {
    let now = Date.parse('2026-11-25T12:00:00Z');
    const options = { file: tempFile(), storeQuestions: true, questionRetentionDays: 30, now: () => new Date(now) };
    await withStore(options, async (store) => {
      await store.usage.record(declined('2026-10-20', 'old question'));
      await store.usage.record(declined('2026-11-20', 'recent question'));
      await store.usage.record(asked('2026-11-21', 'answered question'));
      expect(await store.purge()).toEqual({ deliveries: 0, questions: 1 });
      const report = await store.reports.report({ from: '2026-10-01', to: '2026-11-30' });
      expect(report.declinedQuestions?.map((q) => q.text)).toEqual(['recent question']);
      expect(report.declined).toBe(2); // the counts stay
      now += 86_400_000 * 30;
      // Past retention the text is not shown, even before a purge has deleted it.
      expect((await store.reports.report({ from: '2026-10-01', to: '2026-11-30' })).declinedQuestions).toBeUndefined();
    });
  });

  it('have their stored text deleted by the first purge with storeQuestions off, and not before', async () => {
    const file = tempFile();
    await withStore({ file, storeQuestions: true }, (store) => store.usage.record(declined('2026-11-20', 'kept')));
    const count = () => {
      const db = new Database(file, { readonly: true });
      const { n } = db.prepare('SELECT count(*) AS n FROM questions').get() as { n: number };
      db.close();
      return n;
    };
    await withStore({ file }, async () => {}); // opening alone (npm run week, --post-now) deletes nothing
    expect(count()).toBe(1);
    await withStore({ file }, async (store) => {
      expect(await store.purge()).toEqual({ deliveries: 0, questions: 1 });
      const report = await store.reports.report({ from: '2026-11-01', to: '2026-11-30' });
      expect(report.declinedQuestions).toBeUndefined();
      expect(report.storingQuestions).toBe(false);
      expect(report.declined).toBe(1);
    });
    await withStore({ file, storeQuestions: true }, async (store) => {
      expect((await store.reports.report({ from: '2026-11-01', to: '2026-11-30' })).declinedQuestions).toBeUndefined();
    });
  });

  it('are only read, never deleted, by a read-only store (the report)', async () => {
    const file = tempFile();
    const now = () => new Date('2026-11-25T12:00:00Z');
    await withStore({ file, storeQuestions: true, now }, (store) => store.usage.record(declined('2026-11-20', 'kept')));
    await withStore({ file, readOnly: true, now }, async (store) => {
      expect((await store.reports.report({ from: '2026-11-01', to: '2026-11-30' })).declinedQuestions).toBeUndefined();
      await expect(store.usage.record(declined('2026-11-21', 'new'))).rejects.toThrow(/readonly/i);
    });
    await withStore({ file, readOnly: true, storeQuestions: true, now }, async (store) => {
      const report = await store.reports.report({ from: '2026-11-01', to: '2026-11-30' });
      expect(report.declinedQuestions?.map((q) => q.text)).toEqual(['kept']);
    });
  });

  it('cannot be read from a database that does not exist: nothing is created', () => {
    const file = tempFile();
    expect(() => openSqliteStore({ file, readOnly: true })).toThrow(/does not exist yet/);
    expect(existsSync(dirname(file))).toBe(false);
  });
});

describe('conversations', () => {
  it('are remembered, switched, deactivated, and active again when the bot is added back', async () => {
    await withStore({ file: tempFile() }, async ({ conversations }) => {
      const reference = { conversation: { id: '19:abc@thread.tacv2' }, serviceUrl: 'https://smba.example/' };
      expect(await conversations.remember('teams', '19:abc@thread.tacv2', reference)).toBe(true);
      expect(await conversations.remember('teams', '19:abc@thread.tacv2', reference)).toBe(false);
      expect(await conversations.setWeekly('teams', '19:abc@thread.tacv2', false)).toBe(true);
      expect(await conversations.list('teams', { weekly: true })).toEqual([]);
      await conversations.deactivate('teams', '19:abc@thread.tacv2', 'HTTP 403');
      expect(await conversations.get('teams', '19:abc@thread.tacv2')).toMatchObject({
        active: false,
        inactiveReason: 'HTTP 403',
        reference,
      });
      expect(await conversations.remember('teams', '19:abc@thread.tacv2', reference)).toBe(true);
      expect(await conversations.list('teams', { active: true, weekly: true })).toHaveLength(1);
      expect(await conversations.setWeekly('teams', 'unknown', true)).toBe(false);
    });
  });
});

describe('weekly posts', () => {
  const key = { platform: 'slack' as const, conversation: 'C0123456', week: '2026-W48' };

  it('are claimed by exactly one of two instances on one file', async () => {
    const file = tempFile();
    const stores = [openSqliteStore({ file }), openSqliteStore({ file })];
    const claims = await Promise.all(stores.map((store) => store.weeklyPosts.claim(key, 'not-alone')));
    expect(claims.sort()).toEqual([false, true]);
    for (const store of stores) await store.close();
  });

  it('can be claimed again after a failure, never after a post or an unfinished claim', async () => {
    await withStore({ file: tempFile() }, async ({ weeklyPosts }) => {
      expect(await weeklyPosts.claim(key, 'not-alone')).toBe(true);
      expect(await weeklyPosts.claim(key, 'not-alone')).toBe(false); // claimed, maybe posting
      await weeklyPosts.failed(key, 'not_in_channel');
      expect(await weeklyPosts.claim(key, 'not-alone')).toBe(true);
      await weeklyPosts.posted(key, { messageId: '1700000000.000100', pinned: true });
      expect(await weeklyPosts.claim(key, 'not-alone')).toBe(false);
      expect(await weeklyPosts.list({ week: '2026-W48' })).toMatchObject([
        { ...key, status: 'posted', messageId: '1700000000.000100', pinned: true },
      ]);
    });
  });

  it('remember their pins until unpinned', async () => {
    await withStore({ file: tempFile() }, async ({ weeklyPosts }) => {
      const earlier = { ...key, week: '2026-W47' };
      await weeklyPosts.claim(earlier, 'consult-and-engage');
      await weeklyPosts.posted(earlier, { messageId: '1.2', pinned: true });
      expect(await weeklyPosts.pinnedBefore('slack', 'C0123456', '2026-W48')).toMatchObject([{ week: '2026-W47' }]);
      await weeklyPosts.unpinned(earlier);
      expect(await weeklyPosts.pinnedBefore('slack', 'C0123456', '2026-W48')).toEqual([]);
    });
  });
});

describe('feedback', () => {
  it('is counted per passage, and per period', async () => {
    let now = new Date('2026-11-01T09:00:00Z');
    await withStore({ file: tempFile(), now: () => now }, async ({ feedback }) => {
      await feedback.record('p1', 'helpful');
      now = new Date('2026-11-20T09:00:00Z');
      await feedback.record('p1', 'not-helpful');
      await feedback.record('p2', 'not-helpful');
      expect(await feedback.counts()).toEqual(
        new Map([
          ['p1', { helpful: 1, notHelpful: 1 }],
          ['p2', { helpful: 0, notHelpful: 1 }],
        ]),
      );
      expect(await feedback.counts({ from: '2026-11-10', to: '2026-11-30' })).toEqual(
        new Map([
          ['p1', { helpful: 0, notHelpful: 1 }],
          ['p2', { helpful: 0, notHelpful: 1 }],
        ]),
      );
    });
  });
});
