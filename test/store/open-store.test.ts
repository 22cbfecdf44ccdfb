import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStoreConfig } from '../../adapters/config.js';
import { ConfigError } from '../../adapters/config-error.js';
import { openStore } from '../../adapters/store/index.js';
import { makeTempDir } from '../helpers.js';

// openStore: the one way an entry point (npm start, week, report) opens the store its configuration chooses.

describe('openStore', () => {
  it('opens the store DATABASE_FILE names, with the configured settings', async () => {
    const file = join(makeTempDir(), 'state', 'guidance-bot.sqlite');
    const store = openStore(readStoreConfig({ DATABASE_FILE: file, STORE_QUESTIONS: 'true' }));
    try {
      await store.usage.record({ platform: 'slack', outcome: 'declined', text: 'kept with STORE_QUESTIONS' });
      const today = new Date().toISOString().slice(0, 10);
      const report = await store.reports.report({ from: today, to: today });
      expect(report.declinedQuestions?.map((question) => question.text)).toEqual(['kept with STORE_QUESTIONS']);
    } finally {
      await store.close();
    }
    expect(readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('says what is wrong as a ConfigError naming DATABASE_FILE and the file, and leaves the file as it was', () => {
    const file = join(makeTempDir(), 'notes.txt');
    writeFileSync(file, 'meeting notes, not a database\n'.repeat(200));
    let thrown: unknown;
    try {
      openStore(readStoreConfig({ DATABASE_FILE: file }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe('DATABASE_FILE');
    expect((thrown as ConfigError).message).toMatch(/notes\.txt .*not a database.*\(DATABASE_FILE\)$/s);
    expect(readFileSync(file, 'utf8')).toBe('meeting notes, not a database\n'.repeat(200));
  });

  it('opens read-only for the tools that only look: a database that does not exist is not created', () => {
    const file = join(makeTempDir(), 'absent.sqlite');
    expect(() => openStore({ ...readStoreConfig({ DATABASE_FILE: file }), readOnly: true })).toThrow(
      /absent\.sqlite does not exist yet.*\(DATABASE_FILE\)/,
    );
  });
});
