/** One thing wrong in a knowledge file, located so that an editor can jump to it. */
export interface KnowledgeProblem {
  file: string;
  /** 1-based line in the file; 0 when the problem is with the file or folder as a whole. */
  line: number;
  message: string;
}

export function formatProblem(problem: KnowledgeProblem): string {
  return problem.line > 0
    ? `${problem.file}:${problem.line}: ${problem.message}`
    : `${problem.file}: ${problem.message}`;
}

/**
 * Thrown when a knowledge folder cannot be loaded. Carries every problem found, not just the first,
 * so that one run of `npm run check` lists all there is to fix.
 */
export class KnowledgeError extends Error {
  readonly problems: KnowledgeProblem[];

  constructor(problems: KnowledgeProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`guidance-bot: the knowledge has ${count}:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'KnowledgeError';
    this.problems = problems;
  }
}

/** Thrown when the database cannot be opened or used. Says which file and what to do; nothing is overwritten. */
export class StoreError extends Error {
  readonly file: string;

  constructor(file: string, problem: string) {
    super(`guidance-bot: the database ${file} ${problem}`);
    this.name = 'StoreError';
    this.file = file;
  }
}
