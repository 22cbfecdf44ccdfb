import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../adapters/store/index.js';
import type { Store } from '../../src/index.js';
import { makeTempDir } from '../helpers.js';

// README promises that purged question text is overwritten in the file. With write-ahead logging the
// overwritten pages first go to the -wal file; the main file keeps the old ones until a checkpoint.
// So the bytes of both files are read here, after the purge, with the store still open.

const DAY_MS = 86_400_000;
const SHORT = 'PURGEME my line manager posted about the strike, can I share it?';
// Longer than a page: its text spills into overflow pages, which are freed (and must be cleared) too.
const LONG = `PURGEME-LONG ${'a question that goes on and on about a consultation '.repeat(120)}`;

function bytesOnDisk(file: string): Buffer {
  const wal = `${file}-wal`;
  return Buffer.concat([readFileSync(file), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)]);
}

function questionText(bytes: Buffer): string[] {
  return ['PURGEME', 'line manager posted', 'goes on and on about a consultation'].filter((text) =>
    bytes.includes(text),
  );
}

async function ask(store: Store, at: number): Promise<void> {
  for (const text of [SHORT, LONG]) {
    await store.usage.record({ platform: 'slack', outcome: 'declined', text, at: new Date(at) });
  }
}

describe('purged question text', () => {
  it('is gone from the main file and the -wal file, when it had already reached the main file', async () => {
    const file = join(makeTempDir(), 'guidance-bot.sqlite');
    let now = Date.parse('2026-10-01T12:00:00Z');
    const options = { file, storeQuestions: true, questionRetentionDays: 30, now: () => new Date(now) };
    const before = openSqliteStore(options);
    await ask(before, now);
    await before.close(); // closing checkpoints: the text is now in the main file
    expect(questionText(readFileSync(file))).toHaveLength(3);

    now += 31 * DAY_MS;
    const store = openSqliteStore(options);
    try {
      expect(await store.purge()).toEqual({ deliveries: 0, questions: 2 });
      expect(questionText(bytesOnDisk(file))).toEqual([]);
      expect((await store.reports.report({ from: '2026-10-01', to: '2026-10-01' })).declined).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('is gone from both files when it was only ever in the -wal file', async () => {
    const file = join(makeTempDir(), 'guidance-bot.sqlite');
    let now = Date.parse('2026-10-01T12:00:00Z');
    const store = openSqliteStore({ file, storeQuestions: true, questionRetentionDays: 30, now: () => new Date(now) });
    try {
      await ask(store, now);
      expect(questionText(bytesOnDisk(file))).toHaveLength(3);
      now += 31 * DAY_MS;
      expect(await store.purge()).toEqual({ deliveries: 0, questions: 2 });
      expect(questionText(bytesOnDisk(file))).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('is gone from both files when STORE_QUESTIONS is switched off', async () => {
    const file = join(makeTempDir(), 'guidance-bot.sqlite');
    const kept = openSqliteStore({ file, storeQuestions: true });
    await ask(kept, Date.now());
    await kept.close();
    const store = openSqliteStore({ file });
    try {
      expect((await store.purge()).questions).toBe(2);
      expect(questionText(bytesOnDisk(file))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
