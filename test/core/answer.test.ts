import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_KNOWLEDGE } from '../../adapters/config.js';
import {
  type Answer,
  type AnswerResult,
  type Core,
  createCore,
  EMPTY_QUESTION_REASON,
  NOT_COVERED_REASON,
} from '../../src/index.js';
import { BUNDLED_PRINCIPLE_IDS } from '../helpers.js';

let core: Core;
beforeAll(() => {
  core = createCore({ knowledgeDirs: [BUNDLED_KNOWLEDGE] });
});

const SIX_PRINCIPLES = BUNDLED_PRINCIPLE_IDS.map((id, index) => [index + 1, id] as const);

function expectAnswered(result: AnswerResult): Answer {
  if (!result.answered) throw new Error(`expected an answer, got a decline: ${result.reason}`);
  return result;
}

describe('answering from the bundled knowledge', () => {
  it('answers a clear question with the principle, the quoted passage and its source', () => {
    const result = expectAnswered(
      core.answer({ question: 'Can I criticise government policy on my personal Twitter account?' }),
    );

    expect(result.principle).toMatchObject({ id: 'civil-service-code', number: 6 });
    expect(result.principle.title).toBe(
      'Expect civil servants to adhere to the Civil Service Code (online as well as offline)',
    );
    const passage = core.knowledge.passages.find((p) => p.id === result.passage.id);
    expect(passage, 'the quoted passage is one of the knowledge passages').toBeDefined();
    expect(result.passage.text).toBe(core.passage(result.passage.id)?.passage.text);
    expect(result.passage.text).toContain(passage?.text);
    expect(result.passage.source).toMatchObject({
      title: expect.any(String),
      publisher: expect.any(String),
      published: expect.any(String),
      section: passage?.section,
      url: expect.stringMatching(/^https?:\/\//),
      licence: expect.any(String),
    });
    expect(result.passage.source.title).not.toBe('');

    expect(result.alternatives.length).toBeGreaterThan(0);
    expect(result.alternatives.length).toBeLessThanOrEqual(2);
    const ids = [result.passage.id, ...result.alternatives.map((alternative) => alternative.passage.id)];
    expect(new Set(ids).size, 'alternatives differ from the top passage and each other').toBe(ids.length);
    for (const alternative of result.alternatives) {
      expect(Object.keys(alternative).sort()).toEqual(['passage', 'principle']);
      expect(alternative.passage.source.url).toMatch(/^https?:\/\//);
    }

    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.truncated).toBe(false);
  });

  it.each([
    'Someone is being abusive in the replies to our post. Should I engage with them?',
    'Someone keeps posting abusive replies to our tweets, what should I do?',
    'Should I respond to abusive replies on our page?',
  ])('quotes "do not engage with users who are aggressive/abusive" for: %s', (question) => {
    const result = expectAnswered(core.answer({ question }));
    expect(result.passage.text).toContain('Do not engage with users who are aggressive/abusive');
  });

  it.each([
    'A journalist has contacted me on Twitter about my work, can I answer?',
    'A reporter messaged me asking for a comment on the policy',
  ])('files a journalist contacting you under the Civil Service Code: %s', (question) => {
    const result = expectAnswered(core.answer({ question }));
    expect(result.principle.id).toBe('civil-service-code');
  });

  it('uses the message asked about: one vague question, two very different messages', () => {
    const question = 'can I reply to this?';
    const abusive = expectAnswered(
      core.answer({
        question,
        context: 'You are a disgrace. Useless, lying idiots, the lot of you, and I know where your office is.',
      }),
    );
    const factual = expectAnswered(
      core.answer({
        question,
        context:
          'Does the new parking permit scheme start in April or in May? Your leaflet says April but the website says May.',
      }),
    );
    expect(abusive.passage.id).not.toBe(factual.passage.id);
    expect(abusive.passage.text).toContain('Do not engage with users who are aggressive/abusive');
  });

  it.each([
    ['empty', ''],
    ['whitespace-only', '  \n\t  '],
  ])('declines an %s question, offering the six principles', (_, question) => {
    const result = core.answer({ question });
    expect(result).toEqual({
      answered: false,
      reason: EMPTY_QUESTION_REASON,
      suggestions: SIX_PRINCIPLES.map(([number, id]) => ({ id, number, title: expect.any(String) })),
    });
  });

  it.each([
    'best pizza place near Victoria station',
    'how do I reset my laptop password',
    'What will the weather be like in Manchester tomorrow?',
  ])('declines a question the guidance does not cover: %s', (question) => {
    const result = core.answer({ question });
    expect(result).toMatchObject({ answered: false, reason: NOT_COVERED_REASON });
    if (!result.answered) expect(result.suggestions.map((s) => s.id)).toEqual(SIX_PRINCIPLES.map(([, id]) => id));
  });

  it.each([
    "what's the dress code for the office",
    'where can I find the travel policy',
    'how do I book the conference room',
    'can I get a personal development plan review',
  ])('declines a question whose only topic words have everyday meanings: %s', (question) => {
    expect(core.answer({ question })).toMatchObject({ answered: false, reason: NOT_COVERED_REASON });
  });

  it.each([
    ['a typo in a topic word', 'does being a civil servant mean I cant have opinons on twiter'],
    ['a keyword on its own', 'data protection'],
    ['only everyday words, matched by one passage', 'what are the civil service values?'],
  ])('answers despite %s: %s', (_, question) => {
    expect(core.answer({ question }).answered).toBe(true);
  });

  it('answers a 100,000-character question from its beginning, and says it was cut', () => {
    const question = 'Can I reply to a tweet that criticises our policy? '.repeat(2000).slice(0, 100_000);
    expect(question).toHaveLength(100_000);
    const started = performance.now();
    const result = expectAnswered(core.answer({ question }));
    expect(result.truncated).toBe(true);
    expect(performance.now() - started, 'milliseconds to answer').toBeLessThan(2000);
  });

  it('declines 100,000 characters of one unbroken word without throwing', () => {
    const result = core.answer({ question: 'x'.repeat(100_000) });
    expect(result.answered).toBe(false);
  });

  it('is deterministic: the same question gives the same answer, on this core and on a fresh one', () => {
    const question = {
      question: 'Can I like a political party post on my own Facebook?',
      context: 'Vote for us on Thursday!',
    };
    const first = JSON.stringify(core.answer(question));
    expect(JSON.stringify(core.answer(question))).toBe(first);
    expect(JSON.stringify(createCore({ knowledge: core.knowledge }).answer(question))).toBe(first);
  });
});
