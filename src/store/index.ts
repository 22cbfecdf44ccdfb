export type * from './types.js';

/** The most declined questions a report lists (UsageReport.declinedQuestions), whichever store keeps them. */
export const MOST_DECLINED_LISTED = 200;
