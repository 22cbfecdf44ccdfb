import type { Knowledge } from '../types.js';
import type { WeightedTerms } from './passage-index.js';
import type { TextProcessor } from './text.js';

/**
 * A small learned re-ranker: multinomial logistic regression from a question's words to the passage that
 * answers it, trained on our example questions, keywords and quotes when the index is built.
 *
 * Why: the lexical ranking scores each word by its rarity, whichever passage it points to. Words such as
 * "journalist", "DM" or "whatsapp" say much more about which passage fits than their rarity alone shows,
 * and a word common to many examples of one passage says little if it is common to all. A classifier
 * learns those weights from the examples themselves. Measured on the eval splits (issue 10), weight 2 against
 * 0: passage@1 +0.03 on tune, +0.02 on blind; the words are still only ours, nothing is keyed on any
 * evaluation question.
 *
 * Training is deterministic (a seeded shuffle), so the same knowledge always ranks the same way.
 */

export interface ClassifierOptions {
  /** Passes over the training examples. */
  epochs: number;
  /** Step size of the first pass; pass n uses learningRate / n. */
  learningRate: number;
  /** Weight decay, which keeps one rare word from deciding on its own. */
  l2: number;
  /** How much a quote counts as a training example, against 1 for an example question. */
  quoteWeight: number;
  /** How much each keyword counts, against 1 for an example question. */
  keywordWeight: number;
  /**
   * Above this many passages no classifier is trained: training time grows with passages times examples,
   * and a handbook-sized knowledge base is ranked lexically (as before).
   */
  maxPassages: number;
}

export const defaultClassifierOptions: ClassifierOptions = {
  epochs: 10,
  learningRate: 0.5,
  l2: 1e-4,
  quoteWeight: 0.5,
  keywordWeight: 0.5,
  maxPassages: 1000,
};

/** A trained classifier as plain data (JSON-safe), kept in the saved index so that a start need not train. */
export interface SavedClassifier {
  /** The options it was trained with: one trained otherwise is not used. */
  options: ClassifierOptions;
  /** Its words, in the order of the weights' rows. */
  features: string[];
  /** The weights (features × passages, float32), base64. */
  weights: string;
}

interface TrainingExample {
  features: Int32Array;
  label: number;
  weight: number;
}

export class PassageClassifier {
  private readonly probabilities: Float64Array;

  private constructor(
    private readonly features: ReadonlyMap<string, number>,
    private readonly weights: Float32Array,
    private readonly classes: number,
  ) {
    this.probabilities = new Float64Array(classes);
  }

  /** Trains on the knowledge's own words, or returns undefined when it is too large to train on at start-up. */
  static train(
    knowledge: Knowledge,
    processor: TextProcessor,
    options: ClassifierOptions = defaultClassifierOptions,
  ): PassageClassifier | undefined {
    const classes = knowledge.passages.length;
    if (classes < 2 || classes > options.maxPassages) return undefined;
    const features = new Map<string, number>();
    const examples: TrainingExample[] = [];
    const add = (text: string, label: number, weight: number) => {
      const ids = new Set<number>();
      for (const term of processor.terms(text)) {
        let id = features.get(term);
        if (id === undefined) {
          id = features.size;
          features.set(term, id);
        }
        ids.add(id);
      }
      if (ids.size > 0) examples.push({ features: Int32Array.from(ids), label, weight });
    };
    knowledge.passages.forEach((passage, label) => {
      add(`${passage.leadIn ?? ''} ${passage.text}`, label, options.quoteWeight);
      for (const keyword of passage.keywords) add(keyword, label, options.keywordWeight);
      for (const question of passage.questions) add(question, label, 1);
    });
    balance(examples, classes);
    const classifier = new PassageClassifier(features, new Float32Array(features.size * classes), classes);
    classifier.fit(examples, options);
    return classifier;
  }

  /** The classifier as plain data, to be given back to `load` with the same knowledge and options. */
  save(options: ClassifierOptions): SavedClassifier {
    const bytes = Buffer.from(this.weights.buffer, this.weights.byteOffset, this.weights.byteLength);
    return { options, features: [...this.features.keys()], weights: bytes.toString('base64') };
  }

  /** A saved classifier, if it was trained with these options for this many passages; otherwise undefined. */
  static load(saved: SavedClassifier, options: ClassifierOptions, classes: number): PassageClassifier | undefined {
    if (JSON.stringify(saved.options) !== JSON.stringify(options)) return undefined;
    const bytes = Buffer.from(saved.weights, 'base64');
    if (bytes.byteLength !== saved.features.length * classes * 4) return undefined;
    // Copied into a fresh array: a Buffer's memory may be shared and unaligned for a Float32Array.
    const weights = new Float32Array(saved.features.length * classes);
    new Uint8Array(weights.buffer).set(bytes);
    return new PassageClassifier(new Map(saved.features.map((term, id) => [term, id])), weights, classes);
  }

  /**
   * How likely each passage is to be the one asked about, by passage number (the knowledge's order),
   * from the question's weighted words. The array is reused by the next call.
   */
  predict(terms: WeightedTerms): Float64Array {
    const ids: number[] = [];
    const values: number[] = [];
    let squares = 0;
    for (const [term, weight] of terms) {
      const id = this.features.get(term);
      if (id === undefined || weight <= 0) continue;
      ids.push(id);
      values.push(weight);
      squares += weight * weight;
    }
    const norm = squares > 0 ? 1 / Math.sqrt(squares) : 0;
    return this.softmax(
      ids,
      values.map((value) => value * norm),
    );
  }

  private fit(examples: TrainingExample[], { epochs, learningRate, l2 }: ClassifierOptions): void {
    const random = seededRandom(1);
    const order = examples.map((_, n) => n);
    for (let epoch = 0; epoch < epochs; epoch++) {
      const rate = learningRate / (1 + epoch);
      shuffle(order, random);
      for (const n of order) this.step(examples[n] as TrainingExample, rate, l2);
    }
  }

  /** One step of stochastic gradient descent on the cross-entropy of one example. */
  private step({ features, label, weight }: TrainingExample, rate: number, l2: number): void {
    const value = 1 / Math.sqrt(features.length);
    const values = Array.from(features, () => value);
    const p = this.softmax(Array.from(features), values);
    const { classes, weights } = this;
    for (let c = 0; c < classes; c++) {
      const gradient = weight * rate * ((c === label ? 1 : 0) - (p[c] ?? 0));
      for (const feature of features) {
        const at = feature * classes + c;
        const current = weights[at] ?? 0;
        weights[at] = current + gradient * value - rate * l2 * current;
      }
    }
  }

  private softmax(ids: readonly number[], values: readonly number[]): Float64Array {
    const { classes, weights, probabilities } = this;
    // No per-passage bias: a learned bias would favour the passages with the most examples.
    probabilities.fill(0);
    ids.forEach((id, k) => {
      const value = values[k] ?? 0;
      const row = id * classes;
      for (let c = 0; c < classes; c++) probabilities[c] = (probabilities[c] ?? 0) + value * (weights[row + c] ?? 0);
    });
    let max = Number.NEGATIVE_INFINITY;
    for (const z of probabilities) max = Math.max(max, z);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp((probabilities[c] ?? 0) - max);
      probabilities[c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) probabilities[c] = (probabilities[c] ?? 0) / sum;
    return probabilities;
  }
}

/**
 * Gives every passage the same total weight of examples, so that no passage is favoured for the length
 * of its lists (a passage with 30 loosely related examples over one with the example that is the situation).
 */
function balance(examples: TrainingExample[], classes: number): void {
  const totals = new Float64Array(classes);
  for (const { label, weight } of examples) totals[label] = (totals[label] ?? 0) + weight;
  const present = totals.filter((total) => total > 0);
  const mean = present.reduce((sum, total) => sum + total, 0) / Math.max(1, present.length);
  for (const example of examples) example.weight *= mean / (totals[example.label] || 1);
}

/** A small linear congruential generator: the same shuffle on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
}
