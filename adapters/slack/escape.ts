import { SLASH_COMMAND } from './constants.js';

/**
 * Slack reads `&`, `<` and `>` as control characters in message text: `<!channel>` pages a channel and
 * `<@U123>` mentions someone. Everything that came from a user or from a knowledge file is escaped with
 * this before it goes into any text field, so it shows as written and can never ping anyone.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `render(raw)` cut to at most `max` characters: the raw text is shortened (ending in "…") until its
 * rendering fits, so a cut can never fall inside an escape such as `&amp;`.
 */
export function fitText(raw: string, max: number, render: (text: string) => string = escapeSlackText): string {
  const whole = render(raw);
  if (whole.length <= max) return whole;
  let low = 0;
  let high = raw.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (render(`${raw.slice(0, middle).trimEnd()}…`).length <= max) low = middle;
    else high = middle - 1;
  }
  return render(`${raw.slice(0, low).trimEnd()}…`);
}

/** The slash command's name at the start of a message: the command is Slack's, not a word of the question. */
const SLASH_COMMAND_TYPED = new RegExp(`^${SLASH_COMMAND}(?![\\w-])`, 'i');

/**
 * A Slack message's text as plain words for the core: the bot's own mention and a leading `/guidance`
 * (typed where Slack does not run slash commands, in a thread say) dropped, other mentions, channels and
 * links shown as their labels, and Slack's `&amp;` `&lt;` `&gt;` turned back into characters.
 */
export function plainTextFromSlack(text: string, botUserId?: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return target.slice(1) === botUserId ? ' ' : `@${label ?? 'someone'}`;
      if (target.startsWith('#')) return `#${label ?? 'channel'}`;
      if (target.startsWith('!')) {
        const name = target.slice(1).split('^')[0];
        return name === 'date' ? (label ?? '') : `@${(label ?? name).replace(/^@/, '')}`; // <!here>, <!subteam^…|@team>
      }
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(SLASH_COMMAND_TYPED, '')
    .trim();
}

/** A link target from a knowledge file, if it is a plain http(s) address that Slack's `<url|label>` can carry. */
export function safeLink(url: string): string | undefined {
  return /^https?:\/\/[^\s<>|]+$/.test(url) ? url : undefined;
}
