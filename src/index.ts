// The core's public surface: adapters import from here and nowhere else in src/.
export { defaultAnswerPolicy, EMPTY_QUESTION_REASON, NOT_COVERED_REASON, type AnswerPolicy } from './answer.js';
export { COMMANDS, parseCommand, type Command, type CommandHelp, type PrincipleCard, type Reply } from './commands.js';
export { createCore, type Core, type CoreOptions } from './core.js';
export { formatProblem, KnowledgeError, type KnowledgeProblem } from './errors.js';
export { loadKnowledge } from './knowledge/load.js';
export { defaultFieldBoosts, type FieldBoosts } from './search/passage-index.js';
export type * from './types.js';
export { isoWeek, type IsoWeek } from './week.js';
