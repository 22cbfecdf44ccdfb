/** What a person said about an answer: the passage helped, or it did not. */
export type FeedbackVerdict = 'helpful' | 'not-helpful';

export interface FeedbackCounts {
  helpful: number;
  notHelpful: number;
}

/**
 * Where answer feedback is counted. Only the passage id and the verdict are kept: never the question,
 * the person, or where it was asked, so a store can be kept or shared without holding anything personal.
 */
export interface FeedbackStore {
  record(passageId: string, verdict: FeedbackVerdict): void;
  /** Counts so far, by passage id. */
  counts(): ReadonlyMap<string, FeedbackCounts>;
}

/** Counts in memory, for as long as the process runs. */
export class MemoryFeedbackStore implements FeedbackStore {
  private readonly byPassage = new Map<string, FeedbackCounts>();

  record(passageId: string, verdict: FeedbackVerdict): void {
    const counts = this.byPassage.get(passageId) ?? { helpful: 0, notHelpful: 0 };
    if (verdict === 'helpful') counts.helpful++;
    else counts.notHelpful++;
    this.byPassage.set(passageId, counts);
  }

  counts(): ReadonlyMap<string, FeedbackCounts> {
    return new Map([...this.byPassage].map(([id, counts]) => [id, { ...counts }]));
  }
}
