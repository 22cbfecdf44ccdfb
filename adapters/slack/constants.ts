// Names shared by the code and manifest/slack/*.yaml (test/slack/manifest.test.ts keeps the two in step).

/** The slash command. */
export const SLASH_COMMAND = '/guidance';

/** The message shortcut "Check against the guidance". */
export const CHECK_SHORTCUT_CALLBACK_ID = 'check_against_guidance';

/** The bot events the app subscribes to. */
export const BOT_EVENTS = ['app_mention', 'message.im', 'app_home_opened'] as const;

/** The least bot scopes these features need (each is justified in the manifest). */
export const BOT_SCOPES = [
  'app_mentions:read',
  'chat:write',
  'commands',
  'im:history',
  'im:write',
  'pins:write',
] as const;

/** action_ids of the buttons on answers. */
export const ACTIONS = {
  helpful: 'feedback_helpful',
  notHelpful: 'feedback_not_helpful',
  share: 'share_in_channel',
  /** show_alternative_1, show_alternative_2 */
  alternative: /^show_alternative_\d+$/,
} as const;
