import { CommanderError } from 'commander';
import { CliError, ExitCode } from './cli-error';
import { buildProgram } from './program';

/**
 * Runs the `vigil` command with `argv` (as `process.argv`) and returns its exit code:
 * 0 success, 1 a failure of the work, 2 bad usage or bad input.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Success;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? ExitCode.Success : ExitCode.Usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`vigil: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
