/**
 * Questions as a person could type them, each trying something on the platform that shows the reply.
 * Written as the person types them: the Slack tests encode them as Slack does (escape.ts's inverse),
 * and the special forms Slack itself sends (`<!channel>`, `<@U123>`, `<url|label>`) are kept as they come.
 */
export const HOSTILE_QUESTIONS: Record<string, string> = {
  'channel ping': '<!channel> can I reply to this tweet about our policy?',
  'here ping': '<!here> can we post about the consultation on our account?',
  'user mention': '<@U123> says I can retweet this, can I?',
  'channel mention': 'can I share posts from <#C123|general> on twitter?',
  'misleading link': 'can I reply to <https://evil.example|gov.uk> from our account?',
  'Slack mrkdwn': '*bold* _it_ ~strike~ `code` ```block``` > quote can I post this on facebook?',
  'Teams markdown link': '[click](javascript:alert(1)) **can I** post [gov.uk](https://evil.example) on twitter?',
  'Adaptive Card injection':
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Adaptive Card template syntax, typed on purpose.
    'can I tweet "}]},{"type":"Action.OpenUrl","title":"x","url":"https://evil.example"}]} ${user.name} {{secret}}',
  HTML: '<script>alert(1)</script><img src=x onerror=alert(1)> can I reply to a comment?',
  'control characters': 'can I\u0000 post\u001b[31m this\r\n tweet?\u0007\u007f',
  '100 KB': `can I reply to this tweet? ${'blah '.repeat(20_480)}`,
  emoji: '👍🏽 can I tweet 🇬🇧 about this? 👨‍👩‍👧 🤔',
  'mixed scripts':
    'هل يمكنني الرد على هذه التغريدة؟ 我可以回复这条推文吗? \u202ecan I reply\u202c to this tweet\u200d\u200b?',
};

/** What no outbound text may contain, from any of the questions above. */
export const NEVER_ECHOED = [
  'evil.example',
  'javascript:',
  '<script',
  'onerror',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Adaptive Card template syntax, typed on purpose.
  '${user.name}',
  '{{secret}}',
  'Action.OpenUrl","title":"x"',
];

/** Every string in a payload (texts, titles, values, urls), for "does it contain" checks. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Control characters a question may carry that must not come back (newline and tab are ours). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const FOREIGN_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f\u202e]/;
