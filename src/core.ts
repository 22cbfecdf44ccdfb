import { Answerer, type AnswerPolicy, defaultAnswerPolicy, principleRef } from './answer.js';
import { COMMANDS, parseCommand, type Reply } from './commands.js';
import { loadKnowledge } from './knowledge/load.js';
import { DEFAULT_PRESENTATION, type Presentation } from './present/settings.js';
import { type ClassifierOptions, defaultClassifierOptions, PassageClassifier } from './search/passage-classifier.js';
import { defaultFieldBoosts, type FieldBoosts, PassageIndex } from './search/passage-index.js';
import { deserialiseIndex, indexFingerprint, type SavedIndexStore, serialiseIndex } from './search/saved-index.js';
import type { AnswerResult, Knowledge, Passage, Principle, PrincipleSummary, Question, Suggestion } from './types.js';
import { isoWeek, rotation } from './weekly/iso-week.js';
import { calendarDay, isTimeZone } from './weekly/local-date.js';

export interface CoreOptions {
  /**
   * Folders of knowledge files to load, in order. Give this or `knowledge`.
   * @example ['knowledge']
   */
  knowledgeDirs?: readonly string[];
  /** Knowledge already loaded (tests, or a caller that loads once and builds several cores). */
  knowledge?: Knowledge;
  /** Field boosts for the search. Defaults: {@link defaultFieldBoosts}. */
  fieldBoosts?: Partial<FieldBoosts>;
  /** How questions are answered and declined. Defaults: {@link defaultAnswerPolicy}. */
  answerPolicy?: Partial<AnswerPolicy>;
  /** How the learned re-ranker is trained. Defaults: {@link defaultClassifierOptions}. */
  classifier?: Partial<ClassifierOptions>;
  /**
   * Where to keep the built index (adapters/saved-index-file.ts keeps it in INDEX_FILE). When it holds
   * an index of the same knowledge it is loaded instead of building one (quicker with thousands of
   * passages); otherwise the index is built and saved there. Default: none, always build.
   */
  savedIndex?: SavedIndexStore;
  /**
   * The time zone whose calendar decides which ISO week it is, for the principle of the week. Default
   * Europe/London, as the default weekly schedule.
   */
  timeZone?: string;
  /**
   * What the replies tell people about how the bot is run: whether question text is kept, and who to
   * ask when unsure. Default: nothing kept, no contact.
   */
  presentation?: Presentation;
}

/** The guidance core: everything the Slack, Teams and command-line adapters share. */
export interface Core {
  readonly knowledge: Knowledge;
  /** Whether the index was 'built' now or 'loaded' from `savedIndex`. */
  readonly index: 'built' | 'loaded';
  /** The operator's settings the replies must be true to (privacy, contact): give them to `present()`. */
  readonly presentation: Presentation;
  /** A question (and optionally the message it is about) to an answer or an honest decline. */
  answer(question: Question): AnswerResult;
  /** A chat message to a reply: one of the shared commands, or else an answer. */
  respond(text: string, options?: { context?: string; date?: Date }): Reply;
  principles(): PrincipleSummary[];
  /** A principle by number ("3") or id, with its passages; undefined if there is none. */
  principle(ref: string | number): Extract<Reply, { kind: 'principle' }> | undefined;
  /** The principle of the week for a date: the same on every instance, rotating by ISO week. */
  week(date?: Date): Extract<Reply, { kind: 'week' }>;
  /**
   * One passage by id, quoted with its principle: for showing an alternative, or re-showing an
   * answer, from the id alone (so that buttons need carry no question text).
   */
  passage(id: string): Suggestion | undefined;
}

/**
 * Loads and checks the knowledge, builds the search index, and returns the core.
 * Throws a KnowledgeError (every problem, with file and line) if the knowledge is bad.
 */
export function createCore(options: CoreOptions): Core {
  const knowledge = options.knowledge ?? loadFromOptions(options);
  const timeZone = options.timeZone ?? 'Europe/London';
  if (!isTimeZone(timeZone)) {
    throw new Error(`guidance-bot: "${timeZone}" is not a time zone; use an IANA name such as Europe/London`);
  }
  const { index, classifier, indexSource } = openIndex(knowledge, options);
  const answerer = new Answerer(knowledge, index, { ...defaultAnswerPolicy, ...options.answerPolicy }, classifier);
  const core: Core = {
    knowledge,
    index: indexSource,
    presentation: options.presentation ?? DEFAULT_PRESENTATION,
    answer: (question) => answerer.answer(question),
    principles: () => knowledge.principles.map(summaryOf),
    passage(id) {
      const passage = knowledge.passages.find((candidate) => candidate.id === id);
      return passage ? answerer.suggestion(passage) : undefined;
    },
    principle(ref) {
      const wanted = String(ref).trim().toLowerCase();
      const principle = knowledge.principles.find((p) => String(p.number) === wanted || p.id === wanted);
      if (!principle) return undefined;
      return {
        kind: 'principle',
        principle: summaryOf(principle),
        passages: passagesOf(knowledge, principle).map((p) => answerer.quote(p)),
      };
    },
    week: (date = new Date()) => weekReply(knowledge, answerer, calendarDay(date, timeZone)),
    respond: (text, respondOptions) => respond(core, text, respondOptions),
  };
  return core;
}

const summaryOf = (principle: Principle): PrincipleSummary => ({
  ...principleRef(principle),
  summary: principle.summary,
});

function passagesOf(knowledge: Knowledge, principle: Principle): Passage[] {
  return knowledge.passages.filter((passage) => passage.principleId === principle.id);
}

/** The principle of the week for a calendar day, and the passage it brings this time round. */
function weekReply(knowledge: Knowledge, answerer: Answerer, day: Date): Extract<Reply, { kind: 'week' }> {
  const week = isoWeek(day);
  const turn = rotation(week, knowledge.principles.length);
  const principle = knowledge.principles[turn.position] as Principle;
  // Each time the rotation comes round, the same principle brings the next of its passages, taken
  // from the guidance itself (the most weighted source) rather than the documents that support it.
  const passages = fromWeightiestSource(knowledge, passagesOf(knowledge, principle));
  const passage = passages[turn.cycle % Math.max(passages.length, 1)];
  return {
    kind: 'week',
    week: week.label,
    principle: summaryOf(principle),
    ...(passage ? { passage: answerer.quote(passage) } : {}),
  };
}

function fromWeightiestSource(knowledge: Knowledge, passages: Passage[]): Passage[] {
  const weightOf = new Map(knowledge.sources.map((source) => [source.id, source.weight]));
  const top = Math.max(...passages.map((passage) => weightOf.get(passage.sourceId) ?? 0));
  return passages.filter((passage) => (weightOf.get(passage.sourceId) ?? 0) === top);
}

/** A chat message to a reply: one of the shared commands, or else an answer. */
function respond(core: Core, text: string, { context, date }: { context?: string; date?: Date } = {}): Reply {
  const command = parseCommand(text);
  switch (command.name) {
    case 'help':
      return { kind: 'help', commands: COMMANDS };
    case 'principles':
      return { kind: 'principles', principles: core.principles() };
    case 'principle':
      return (
        core.principle(command.ref) ?? {
          kind: 'unknown-principle',
          requested: command.ref,
          principles: core.principles(),
        }
      );
    case 'week':
      return core.week(date);
    case 'weekly':
    case 'ask':
      // `weekly on|off` switches a conversation's weekly post where the platform has that switch
      // (its adapter reads the command first); anywhere else the words are a question.
      return {
        kind: 'answer',
        result: core.answer({
          question: command.name === 'ask' ? command.question : text,
          ...(context ? { context } : {}),
        }),
      };
  }
}

/**
 * Re-rankers already trained, by knowledge and options: training takes about a second, and tools and
 * tests build many cores of the same knowledge. A few at most, oldest dropped first.
 */
const trainedClassifiers = new Map<string, PassageClassifier | undefined>();
const KEPT_CLASSIFIERS = 4;

function trainedClassifier(
  knowledge: Knowledge,
  fingerprint: string,
  index: PassageIndex,
  options: ClassifierOptions,
): PassageClassifier | undefined {
  const key = `${fingerprint} ${JSON.stringify(options)}`;
  if (trainedClassifiers.has(key)) return trainedClassifiers.get(key);
  const classifier = PassageClassifier.train(knowledge, index.processor, options);
  trainedClassifiers.set(key, classifier);
  if (trainedClassifiers.size > KEPT_CLASSIFIERS) {
    trainedClassifiers.delete(trainedClassifiers.keys().next().value as string);
  }
  return classifier;
}

function openIndex(
  knowledge: Knowledge,
  options: CoreOptions,
): { index: PassageIndex; classifier: PassageClassifier | undefined; indexSource: 'built' | 'loaded' } {
  const boosts = { ...defaultFieldBoosts, ...options.fieldBoosts };
  const classifierOptions = { ...defaultClassifierOptions, ...options.classifier };
  const store = options.savedIndex;
  const fingerprint = indexFingerprint(knowledge);
  if (!store) {
    const index = new PassageIndex(knowledge, boosts);
    const classifier = trainedClassifier(knowledge, fingerprint, index, classifierOptions);
    return { index, classifier, indexSource: 'built' };
  }
  const saved = deserialiseIndex(store.read(), fingerprint);
  if (saved) {
    const index = new PassageIndex(knowledge, boosts, saved.index);
    const loaded = saved.classifier
      ? PassageClassifier.load(saved.classifier, classifierOptions, knowledge.passages.length)
      : undefined;
    // Trained with other options, or none saved: train now (and keep the saved one as it is).
    const classifier = loaded ?? trainedClassifier(knowledge, fingerprint, index, classifierOptions);
    return { index, classifier, indexSource: 'loaded' };
  }
  const index = new PassageIndex(knowledge, boosts);
  const classifier = trainedClassifier(knowledge, fingerprint, index, classifierOptions);
  const savedClassifier = classifier?.save(classifierOptions);
  store.write(
    serialiseIndex(fingerprint, { index: index.save(), ...(savedClassifier ? { classifier: savedClassifier } : {}) }),
  );
  return { index, classifier, indexSource: 'built' };
}

function loadFromOptions(options: CoreOptions): Knowledge {
  if (!options.knowledgeDirs || options.knowledgeDirs.length === 0) {
    throw new Error('guidance-bot: createCore needs `knowledgeDirs` (folders of knowledge files) or `knowledge`');
  }
  return loadKnowledge(options.knowledgeDirs);
}
