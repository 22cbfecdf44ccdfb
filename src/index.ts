// The core's public surface: adapters import from here and nowhere else in src/.
export { type AnswerPolicy, defaultAnswerPolicy, EMPTY_QUESTION_REASON, NOT_COVERED_REASON } from './answer.js';
export { COMMANDS, type Command, type CommandHelp, parseCommand, type Reply } from './commands.js';
export { type Core, type CoreOptions, createCore } from './core.js';
export { formatProblem, KnowledgeError, type KnowledgeProblem, StoreError } from './errors.js';
export { loadKnowledge } from './knowledge/load.js';
export type { Logger } from './logger.js';
export * from './present/index.js';
export { doubling, type RetryOptions, sleep, withRetries } from './retry.js';
export { englishWords } from './search/english-words.js';
export { defaultFieldBoosts, type FieldBoosts } from './search/passage-index.js';
export type { SavedIndexStore } from './search/saved-index.js';
export * from './store/index.js';
export type * from './types.js';
export { countingQuestions } from './usage.js';
export { type IsoWeek, isoWeek } from './weekly/iso-week.js';
export { calendarDay, isTimeZone } from './weekly/local-date.js';
export { PublishError, type PublishFailure, type WeeklyPublisher, type WeekReply } from './weekly/publisher.js';
export {
  postWeeklyRound,
  type WeeklyRoundLog,
  type WeeklyRoundOptions,
  type WeeklyRoundSummary,
} from './weekly/round.js';
export {
  checkSchedule,
  defaultWeeklySchedule,
  dueSlot,
  type RunningSchedule,
  startWeeklySchedule,
  type WeeklySchedule,
} from './weekly/schedule.js';
