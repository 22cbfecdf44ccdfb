import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { COMMANDS } from '../../../src/index.js';
import { renderHome } from '../render.js';
import { type ListenerDeps, logFailure } from './deps.js';

type Args = AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>;

/** The Home tab: the principle of the week, the principles, how to ask. Published each time it is opened. */
export function appHomeOpenedCallback({ core }: ListenerDeps) {
  return async ({ event, client, logger }: Args): Promise<void> => {
    if (event.tab !== 'home') return; // the Messages tab is the DM, answered by direct-message.ts
    await logFailure(logger, 'Publishing the Home tab', async () => {
      await client.views.publish({
        user_id: event.user,
        view: renderHome(core.week(), core.principles(), COMMANDS, core.presentation),
      });
    });
  };
}
