import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replyCard } from '../../adapters/teams/cards.js';
import { createCore, WEAK_ANSWER_LEAD } from '../../src/index.js';
import { fixtureKnowledge } from '../helpers.js';
import {
  type ConnectorStandIn,
  cardStrings,
  fixture,
  postActivity,
  type RunningBot,
  startBot,
  startConnector,
} from './helpers.js';

// A weak answer through the real CloudAdapter over HTTP, from a core whose weakBelow is 1 (every
// answer below full confidence is weak), replies recorded by the connector stand-in.

const core = createCore({ knowledgeDirs: [fixtureKnowledge], answerPolicy: { weakBelow: 1 } });
// Matches part of two passages of the fixture knowledge, fully neither.
const QUESTION = 'someone rude keeps replying to our official posts, do we argue?';
let connector: ConnectorStandIn;
let bot: RunningBot;

beforeAll(async () => {
  connector = await startConnector();
  bot = await startBot(undefined, { core });
});
beforeEach(() => connector.reset());

describe('a weak answer', () => {
  it('is sent as a card of the closest passages, each with its principle, quote and source', async () => {
    const activity = fixture('message_personal');
    activity.serviceUrl = connector.serviceUrl;
    activity.text = QUESTION;
    const response = await postActivity(bot.url, activity);

    expect(response.status).toBe(200);
    const answer = core.answer({ question: QUESTION });
    if (!answer.answered || !answer.weak) throw new Error('the weak core should answer QUESTION weakly');
    const [card, ...more] = connector.cards();
    expect(more).toEqual([]);
    expect(card).toEqual(replyCard(core.respond(QUESTION), { presentation: core.presentation }));

    expect(card?.body[0]).toMatchObject({ type: 'TextBlock', text: WEAK_ANSWER_LEAD });
    expect(connector.calls[0]?.body.summary?.startsWith(WEAK_ANSWER_LEAD)).toBe(true);
    expect(card?.fallbackText.startsWith(WEAK_ANSWER_LEAD)).toBe(true);
    const strings = cardStrings(card?.body);
    const closest = [answer, ...answer.alternatives];
    closest.forEach((shown, index) => {
      expect(strings).toContain(`${index + 1}\\. Principle ${shown.principle.number}: ${shown.principle.title}`);
      expect(strings.join('\n')).toContain(`“${shown.passage.text.split('\n')[0]}`);
    });
    expect(strings.filter((value) => value.startsWith('— '))).toHaveLength(closest.length);
    expect(strings.join('\n')).not.toContain('Also relevant');
    expect(JSON.stringify(card?.actions)).not.toContain('alternative');
  });
});
