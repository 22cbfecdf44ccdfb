import type { App } from '@slack/bolt';
import { ACTIONS, CHECK_SHORTCUT_CALLBACK_ID, SLASH_COMMAND } from '../constants.js';
import { alternativeButtonCallback } from './alternative-buttons.js';
import { appHomeOpenedCallback } from './app-home-opened.js';
import { appMentionCallback } from './app-mention.js';
import { checkMessageShortcutCallback } from './check-message-shortcut.js';
import type { ListenerDeps } from './deps.js';
import { directMessageCallback } from './direct-message.js';
import { feedbackButtonCallback } from './feedback-buttons.js';
import { guidanceCommandCallback } from './guidance-command.js';
import { shareButtonCallback } from './share-button.js';

export type { ListenerDeps } from './deps.js';

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.event('app_mention', appMentionCallback(deps));
  app.event('message', directMessageCallback(deps));
  app.event('app_home_opened', appHomeOpenedCallback(deps));
  app.command(SLASH_COMMAND, guidanceCommandCallback(deps));
  app.shortcut(CHECK_SHORTCUT_CALLBACK_ID, checkMessageShortcutCallback(deps));
  app.action(ACTIONS.share, shareButtonCallback(deps));
  app.action(ACTIONS.helpful, feedbackButtonCallback(deps, 'helpful'));
  app.action(ACTIONS.notHelpful, feedbackButtonCallback(deps, 'not-helpful'));
  app.action(ACTIONS.alternative, alternativeButtonCallback(deps));
}
