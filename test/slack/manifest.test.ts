import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { createGenerator } from 'ts-json-schema-generator';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOT_EVENTS, BOT_SCOPES, CHECK_SHORTCUT_CALLBACK_ID, SLASH_COMMAND } from '../../adapters/slack/constants.js';
import { projectRoot } from '../helpers.js';
import type { Json } from './support/fixtures.js';

// The app manifests are validated against a JSON schema generated here, offline, from the `Manifest`
// type that @slack/web-api exports (apps.manifest.create takes it), and checked against the names the
// code uses, so the app Slack creates is the one the code serves.

const MANIFEST_TYPE = join(
  projectRoot,
  'node_modules',
  '@slack',
  'web-api',
  'dist',
  'types',
  'request',
  'manifest.d.ts',
);
const read = (name: string): Json => load(readFileSync(join(projectRoot, 'manifest', 'slack', name), 'utf8'));
const http = read('manifest.yaml');
const socket = read('manifest.socket-mode.yaml');

let validate: ReturnType<Ajv['compile']>;
beforeAll(() => {
  const schema = createGenerator({
    path: MANIFEST_TYPE,
    type: 'Manifest',
    skipTypeCheck: true,
    additionalProperties: false,
  }).createSchema('Manifest');
  validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
}, 30_000);

describe.each([
  ['manifest.yaml', http],
  ['manifest.socket-mode.yaml', socket],
])('%s', (_, manifest) => {
  it('is valid against the Manifest type of @slack/web-api', () => {
    expect(validate(manifest) ? [] : validate.errors).toEqual([]);
    // Manifest allows any extra top-level key (it extends Record<string, unknown>); Slack does not.
    expect(Object.keys(manifest)).toEqual(['_metadata', 'display_information', 'features', 'oauth_config', 'settings']);
  });

  it('keeps the lengths the type documents', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeLessThanOrEqual(4000);
    expect(manifest.display_information.background_color).toMatch(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9\-_.]{1,80}$/);
    for (const command of manifest.features.slash_commands) {
      expect(command.command.length).toBeLessThanOrEqual(32);
      expect(command.usage_hint.length).toBeLessThanOrEqual(1000);
    }
    for (const shortcut of manifest.features.shortcuts) expect(shortcut.description.length).toBeLessThanOrEqual(150);
  });

  it('declares the command, shortcut, events and scopes the code uses, and no other', () => {
    expect(manifest.features.slash_commands.map((command: Json) => command.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: CHECK_SHORTCUT_CALLBACK_ID }),
    ]);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([...BOT_EVENTS]);
    expect(manifest.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
  });
});

it('the schema catches what Slack would refuse', () => {
  const broken = (change: (manifest: Json) => void) => {
    const copy = structuredClone(http);
    change(copy);
    return validate(copy);
  };
  expect(broken(() => {})).toBe(true);
  expect(broken((m) => m.oauth_config.scopes.bot.push('chat:write:everything'))).toBe(false);
  expect(broken((m) => Object.assign(m.settings, { is_hosted: false }))).toBe(false);
  expect(broken((m) => Object.assign(m.features.shortcuts[0], { type: 'everywhere' }))).toBe(false);
  expect(broken((m) => m.settings.event_subscriptions.bot_events.push('message.everything'))).toBe(false);
  expect(broken((m) => delete m.display_information.name)).toBe(false);
});

describe('HTTP and Socket Mode', () => {
  it('the HTTP manifest sends everything to https://YOUR-HOST/slack/events', () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
    const urls = [
      http.settings.event_subscriptions.request_url,
      http.settings.interactivity.request_url,
      ...http.features.slash_commands.map((command: Json) => command.url),
    ];
    expect(urls).toEqual(Array(3).fill('https://YOUR-HOST/slack/events'));
  });

  it('the Socket Mode manifest is the same app with Socket Mode on and no request URLs', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain('request_url');
    expect(JSON.stringify(socket)).not.toContain('YOUR-HOST');
    const withoutUrls = JSON.parse(JSON.stringify(http), (key, value) =>
      key === 'request_url' || key === 'url' ? undefined : value,
    );
    expect({ ...socket, settings: { ...socket.settings, socket_mode_enabled: false } }).toEqual(withoutUrls);
  });
});
