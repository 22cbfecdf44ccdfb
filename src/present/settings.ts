/**
 * Who to ask when the guidance is not enough: a team and where to reach it (a channel name, a web
 * link or an email address). Set by the operator (CONTACT_NAME, CONTACT_WHERE).
 */
export interface Contact {
  /** "the digital communications team" */
  name: string;
  /** "#social-media-help", "https://…" or "comms@example.gov.uk" */
  where: string;
}

/** What the replies must tell people about how this bot is run. */
export interface Presentation {
  /** Whether the text of questions is kept (STORE_QUESTIONS). */
  storesQuestions: boolean;
  /** How many days kept question text lasts (QUESTION_RETENTION_DAYS), when it is kept. */
  retentionDays?: number;
  /** Shown on declines, on doubtful answers and in help; none when not configured. */
  contact?: Contact;
}

/** The defaults, matching the store's: no question text is kept, and there is no named contact. */
export const DEFAULT_PRESENTATION: Presentation = { storesQuestions: false };

/** Where a contact's `where` links to: a web address as it is, an email address as mailto:; else none. */
export function contactLink(where: string): string | undefined {
  if (/^https?:\/\/[^\s<>|"'()]+$/i.test(where)) return where;
  if (EMAIL.test(where)) return `mailto:${where}`;
  return undefined;
}

const EMAIL = /^[^\s@<>|"'()]+@[^\s@<>|"'()]+\.[^\s@<>|"'()]+$/;
