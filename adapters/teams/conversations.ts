import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';

/**
 * The key a conversation is remembered by. A channel thread's id carries `;messageid=…`; the
 * conversation is the channel (or chat) itself.
 */
export function conversationKey(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/**
 * What is kept of a conversation to post to it later: its ids and where to reach it. Not the person
 * who happened to add the bot or write the message (their name and ids), nor the channel's name.
 */
export function storableReference(activity: Partial<Activity>): Partial<ConversationReference> {
  const { conversation, bot, serviceUrl, channelId, locale } = TurnContext.getConversationReference(activity);
  return {
    ...(conversation
      ? {
          conversation: {
            id: conversation.id,
            isGroup: conversation.isGroup,
            conversationType: conversation.conversationType,
            ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
          } as ConversationReference['conversation'],
        }
      : {}),
    ...(bot ? { bot: { id: bot.id, name: bot.name } } : {}),
    ...(serviceUrl ? { serviceUrl } : {}),
    ...(channelId ? { channelId } : {}),
    ...(locale ? { locale } : {}),
  };
}
