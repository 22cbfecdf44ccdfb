import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_KNOWLEDGE } from '../../adapters/config.js';
import { COMMANDS, type Core, createCore, parseCommand, type Reply } from '../../src/index.js';
import { BUNDLED_PRINCIPLE_IDS } from '../helpers.js';

let core: Core;
beforeAll(() => {
  core = createCore({ knowledgeDirs: [BUNDLED_KNOWLEDGE] });
});

const PRINCIPLE_IDS = BUNDLED_PRINCIPLE_IDS;

/** Noon UTC on a calendar date, so that no time zone moves it to another day. */
const day = (isoDate: string) => new Date(`${isoDate}T12:00:00Z`);

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function expectKind<K extends Reply['kind']>(reply: Reply, kind: K): Extract<Reply, { kind: K }> {
  expect(reply.kind).toBe(kind);
  return reply as Extract<Reply, { kind: K }>;
}

describe('parseCommand', () => {
  it.each([
    ['help', { name: 'help' }],
    ['Help!', { name: 'help' }],
    ['principles', { name: 'principles' }],
    ['principle 3', { name: 'principle', ref: '3' }],
    ['Principle number 3.', { name: 'principle', ref: '3' }],
    ['principle not-alone', { name: 'principle', ref: 'not-alone' }],
    ['week', { name: 'week' }],
    ['principle of the week', { name: 'week' }],
  ])('reads %j as a command', (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it.each([
    'help me reply to this tweet',
    'can I list principles of our team on LinkedIn?',
    'what does principle 3 say about replying to criticism?',
    // A platform's own command name is for its adapter to remove (Slack's /guidance: adapters/slack/escape.ts).
    '/guidance help',
  ])('reads %j as a question, kept as typed', (text) => {
    expect(parseCommand(text)).toEqual({ name: 'ask', question: text });
  });
});

describe('core.respond', () => {
  it('help lists the commands', () => {
    expect(core.respond('help')).toEqual({ kind: 'help', commands: COMMANDS });
    expect(COMMANDS.map((command) => command.usage)).toEqual([
      '‹your question›',
      'principles',
      'principle 3',
      'week',
      'help',
    ]);
  });

  it('principles lists the six, in order, with our summaries', () => {
    const { principles } = expectKind(core.respond('principles'), 'principles');
    expect(principles.map((p) => [p.number, p.id])).toEqual(PRINCIPLE_IDS.map((id, index) => [index + 1, id]));
    for (const principle of principles) expect(principle.summary.length).toBeGreaterThan(20);
  });

  it.each([
    ['principle 3', 3, 'transparent-and-accountable'],
    ['principle not-alone', 5, 'not-alone'],
  ])('%s gives that principle with only its own passages', (text, number, id) => {
    const reply = expectKind(core.respond(text), 'principle');
    expect(reply.principle).toMatchObject({ id, number });
    const filedUnder = core.knowledge.passages
      .filter((passage) => passage.principleId === id)
      .map((passage) => passage.id);
    expect(filedUnder.length).toBeGreaterThan(0);
    expect(reply.passages.map((passage) => passage.id)).toEqual(filedUnder);
  });

  it('principle 9 is an unknown principle, answered with the list of six', () => {
    const reply = expectKind(core.respond('principle 9'), 'unknown-principle');
    expect(reply.requested).toBe('9');
    expect(reply.principles.map((p) => p.id)).toEqual(PRINCIPLE_IDS);
  });

  it('week gives the principle of the week for the date asked about', () => {
    const reply = expectKind(core.respond('week', { date: day('2026-11-25') }), 'week');
    expect(reply.week).toBe('2026-W48');
    expect(PRINCIPLE_IDS).toContain(reply.principle.id);
    expect(expectKind(core.respond('week'), 'week').week).toMatch(/^\d{4}-W\d{2}$/);
  });

  it('a question that starts with a command word is answered as a question', () => {
    const reply = expectKind(core.respond('help me reply to this tweet'), 'answer');
    expect(reply.result).toEqual(core.answer({ question: 'help me reply to this tweet' }));
  });

  it('passes the context of a question on to the answer', () => {
    const context = 'Vote Labour on Thursday!';
    const reply = expectKind(core.respond('can I retweet this?', { context }), 'answer');
    expect(reply.result).toEqual(core.answer({ question: 'can I retweet this?', context }));
  });
});

describe('core.week', () => {
  it('is deterministic for a date, on any instance', () => {
    const date = day('2026-11-25');
    const again = createCore({ knowledge: core.knowledge });
    expect(again.week(date)).toEqual(core.week(date));
    expect(core.week(date)).toEqual(core.week(date));
  });

  it('is the same on every day from Monday to Sunday of one ISO week', () => {
    const monday = day('2026-11-23');
    const weekOf = core.week(monday);
    for (let offset = 1; offset < 7; offset++) expect(core.week(addDays(monday, offset))).toEqual(weekOf);
    expect(core.week(new Date('2026-11-23T00:00:00Z'))).toEqual(weekOf);
    expect(core.week(new Date('2026-11-29T23:59:59Z'))).toEqual(weekOf);
    expect(core.week(addDays(monday, 7)).week).toBe('2026-W49');
  });

  it('walks through all six principles over six consecutive weeks, then starts again', () => {
    const start = day('2026-11-23');
    const ids = Array.from({ length: 7 }, (_, week) => core.week(addDays(start, 7 * week)).principle.id);
    for (let week = 1; week < ids.length; week++) expect(ids[week]).not.toBe(ids[week - 1]);
    expect(new Set(ids.slice(0, 6)).size).toBe(6);
    expect(ids[6]).toBe(ids[0]);
  });

  it('keeps rotating across the new year rather than restarting', () => {
    const lastWeek = core.week(day('2026-12-31'));
    const firstWeek = core.week(day('2027-01-07'));
    expect([lastWeek.week, firstWeek.week]).toEqual(['2026-W53', '2027-W01']);
    expect(firstWeek.principle.number).toBe((lastWeek.principle.number % 6) + 1);
  });

  it('brings a passage of the guidance itself, not of a document that supports it', () => {
    const weightOf = new Map(core.knowledge.sources.map((source) => [source.id, source.weight]));
    const heaviest = Math.max(...weightOf.values());
    for (let week = 0; week < 52; week++) {
      const passageId = core.week(addDays(day('2026-01-05'), 7 * week)).passage?.id;
      const passage = core.knowledge.passages.find((candidate) => candidate.id === passageId);
      expect(weightOf.get(passage?.sourceId ?? '')).toBe(heaviest);
    }
  });

  it('goes by the calendar of its time zone: just after midnight on a summer Monday in London', () => {
    const londonMonday = new Date('2026-06-07T23:30:00Z'); // 00:30 on Monday 8 June, British Summer Time
    expect(core.week(londonMonday).week).toBe('2026-W24');
    expect(createCore({ knowledge: core.knowledge, timeZone: 'UTC' }).week(londonMonday).week).toBe('2026-W23');
  });

  it('refuses a time zone that does not exist, saying so', () => {
    expect(() => createCore({ knowledge: core.knowledge, timeZone: 'Europe/Londn' })).toThrow(
      '"Europe/Londn" is not a time zone',
    );
  });

  it('brings a passage filed under the week’s principle', () => {
    const reply = core.week(day('2026-11-25'));
    const passage = core.knowledge.passages.find((p) => p.id === reply.passage?.id);
    expect(passage?.principleId).toBe(reply.principle.id);
  });

  it.each([
    ['2021-01-03', '2020-W53'],
    ['2021-01-04', '2021-W01'],
    ['2024-12-29', '2024-W52'],
    ['2024-12-30', '2025-W01'],
    ['2026-11-25', '2026-W48'],
    ['2027-01-01', '2026-W53'],
  ])('labels %s as ISO week %s', (date, label) => {
    expect(core.week(day(date)).week).toBe(label);
  });
});

describe('core.passage', () => {
  it('quotes one passage by id with its principle, and is undefined for an unknown id', () => {
    const shown = core.passage('smg12-tip-10-abusive');
    expect(shown?.passage.text).toBe('10) Do not engage with users who are aggressive/abusive');
    expect(shown?.principle.id).toBe('part-of-the-conversation');
    expect(shown?.passage.source.url).toMatch(/^https:\/\//);
    expect(core.passage('no-such-passage')).toBeUndefined();
  });
});
