import type { ConversationReference } from 'botbuilder';

/**
 * The teams and chats the bot has been added to, kept so that the principle of the week can be
 * posted to them later. Asynchronous throughout because issue #5 moves it to SQLite.
 */
export interface ConversationStore {
  /** Remembers (or refreshes) a conversation. Resolves true when it was not known before. */
  remember(reference: Partial<ConversationReference>): Promise<boolean>;
  /** Forgets a conversation; a no-op when it is not known. */
  forget(conversationId: string): Promise<void>;
  all(): Promise<Array<Partial<ConversationReference>>>;
}

/**
 * The key a conversation is remembered by. A channel thread's id carries `;messageid=…`; the
 * conversation is the channel (or chat) itself.
 */
export function conversationKey(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/** Kept in memory: lost on restart, which is enough until issue #5. */
export class MemoryConversationStore implements ConversationStore {
  private readonly references = new Map<string, Partial<ConversationReference>>();

  async remember(reference: Partial<ConversationReference>): Promise<boolean> {
    const id = reference.conversation?.id;
    if (!id) return false;
    const key = conversationKey(id);
    const known = this.references.has(key);
    this.references.set(key, reference);
    return !known;
  }

  async forget(conversationId: string): Promise<void> {
    this.references.delete(conversationKey(conversationId));
  }

  async all(): Promise<Array<Partial<ConversationReference>>> {
    return [...this.references.values()];
  }
}
