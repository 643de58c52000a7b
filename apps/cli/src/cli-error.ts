/** Exit codes of every `vigil` command. */
export const ExitCode = {
  /** The work succeeded. */
  Success: 0,
  /** The work failed (a broken audit chain, an invalid file being validated, a risk limit not met). */
  Failure: 1,
  /** Bad usage or bad input: unknown option, unreadable or invalid file. */
  Usage: 2,
} as const;

/** A failure to report to the user, with its exit code; thrown from command actions. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}
