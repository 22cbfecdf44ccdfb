// The core's public surface: adapters import from here and nowhere else in src/.
export { type AnswerPolicy, defaultAnswerPolicy, EMPTY_QUESTION_REASON, NOT_COVERED_REASON } from './answer.js';
export { COMMANDS, type Command, type CommandHelp, type PrincipleCard, parseCommand, type Reply } from './commands.js';
export { type Core, type CoreOptions, createCore } from './core.js';
export { formatProblem, KnowledgeError, type KnowledgeProblem } from './errors.js';
export { type FeedbackCounts, type FeedbackStore, type FeedbackVerdict, MemoryFeedbackStore } from './feedback.js';
export { loadKnowledge } from './knowledge/load.js';
export { defaultFieldBoosts, type FieldBoosts } from './search/passage-index.js';
export type * from './types.js';
export { type IsoWeek, isoWeek } from './week.js';
