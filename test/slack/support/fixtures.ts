import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
