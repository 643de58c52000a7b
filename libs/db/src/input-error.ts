/** One problem with the input, where (a JSON path or a file position) and what. */
export interface InputProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Input that passed its schema but breaks a rule only the database can check (a parent that
 * does not exist, a level below its parent's). Nothing was written when this is thrown.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(readonly problems: readonly InputProblem[]) {
    super(problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '));
  }
}

/** Nothing was found with that id. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}
