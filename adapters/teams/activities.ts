import { createHash } from 'node:crypto';
import { type Activity, ActivityTypes, TurnContext } from 'botbuilder';
import { decodeHTML } from 'entities';
import { isObject } from '../is-object.js';
import { type AdaptiveCard, cardAttachment } from './cards.js';

// What the bot reads from the activities Teams sends (the question, who and which tenant sent it) and
// how it sends text and cards back.

/** The question in a message: the bot's own @mention removed, other mentions reduced to names, markup dropped. */
export function questionFrom(activity: Activity): string {
  if (typeof activity.text !== 'string') return '';
  if (activity.recipient?.id) TurnContext.removeRecipientMention(activity);
  return htmlToText(activity.text.replace(/<at[^>]*>(.*?)<\/at>/gi, '$1'))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A message with nothing to answer in it: only markup, or a card someone inserted (from the search
 * extension, say) with no words of their own. Not a bare @mention, which asks for help.
 */
export function isOnlyMarkupOrCard(activity: Activity, question: string): boolean {
  if (question) return false;
  const hasCard = (activity.attachments ?? []).some((attachment) => attachment.contentType !== 'text/html');
  const hadMarkup = typeof activity.text === 'string' && /<(?!at[\s>])[a-z][^>]*>/i.test(activity.text);
  return hasCard || hadMarkup;
}

/** Plain text of a Teams message body: tags dropped, block ends kept as line breaks, entities decoded. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeHTML(text)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** Who sent an activity: their Entra object id where Teams gives it, else their Teams id. */
export function personOf(activity: Activity): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown';
}

/** A key from ids that says nothing about whose they are (delivery records keep no person). */
export function hashed(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 32);
}

export function tenantOf(activity: Activity): string | undefined {
  const channelData: unknown = activity.channelData;
  const fromChannelData =
    isObject(channelData) && isObject(channelData.tenant) && typeof channelData.tenant.id === 'string'
      ? channelData.tenant.id
      : undefined;
  return (fromChannelData ?? activity.conversation?.tenantId)?.toLowerCase();
}

export function conversationType(activity: Activity): string {
  return activity.conversation?.conversationType ?? 'unknown';
}

export async function sendText(context: TurnContext, text: string): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.Message, text, textFormat: 'plain' });
}

export async function sendCard(context: TurnContext, card: AdaptiveCard, summary: string): Promise<void> {
  const message: Partial<Activity> = {
    type: ActivityTypes.Message,
    summary: summary.length > 200 ? `${summary.slice(0, 199)}…` : summary,
    attachments: [cardAttachment(card)],
  };
  await context.sendActivity(message);
}
