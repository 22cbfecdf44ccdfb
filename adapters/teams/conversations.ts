/**
 * The key a conversation is remembered by. A channel thread's id carries `;messageid=…`; the
 * conversation is the channel (or chat) itself.
 */
export function conversationKey(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}
