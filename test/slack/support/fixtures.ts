import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS } from '../../../adapters/slack/constants.js';
import { projectRoot } from '../../helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: fixtures are Slack's JSON, edited freely by the tests.
export type Json = any;

/** A fresh copy of test/fixtures/slack/<name>.json, for a test to edit. */
export function fixture(name: string): Json {
  return JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'slack', `${name}.json`), 'utf8'));
}

let counter = 0;

/** An event_id no other test uses, so that deliveries are not taken for repeats of each other. */
export function uniqueEventId(): string {
  counter++;
  return `EvTEST${process.pid}x${counter}`;
}

/** An event fixture with a fresh event_id and the inner event's fields changed. */
export function eventFixture(name: string, event: Record<string, unknown> = {}): Json {
  const body = fixture(name);
  body.event_id = uniqueEventId();
  Object.assign(body.event, event);
  return body;
}

/** A trigger_id no other test uses. */
export function uniqueTriggerId(): string {
  counter++;
  return `${counter}.${process.pid}.trigger`;
}

/** A click on `button` (its action_id and value) under a message, with a fresh trigger_id, answered at `responseUrl`. */
export function buttonClick(button: { action_id: string; value: string }, responseUrl: string): Json {
  const body = fixture('interactive_block_actions_button');
  Object.assign(body, { trigger_id: uniqueTriggerId(), response_url: responseUrl });
  body.actions = [{ ...body.actions[0], action_id: button.action_id, value: button.value }];
  return body;
}

/** A click on Helpful under the answer that quoted passage `passageId`. */
export function helpfulClick(passageId: string, responseUrl: string): Json {
  const value = JSON.stringify({ r: { k: 'answer', p: passageId } });
  return buttonClick({ action_id: ACTIONS.helpful, value }, responseUrl);
}
