/**
 * Test support: runs `vigil …` in this process as a user would run it, capturing what it
 * prints. Environment variables and standard input are set for the call and restored after,
 * so tests of different commands share one helper.
 */
import { Readable } from 'node:stream';
import { vi } from 'vitest';
import { main } from './main';

/** What a command printed and its exit code. */
export interface VigilRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `vigil ...args` with `env` overrides (undefined deletes) and `stdin` as standard input. */
export async function runVigilInProcess(
  args: readonly string[],
  options: { readonly env?: Record<string, string | undefined>; readonly stdin?: string } = {},
): Promise<VigilRun> {
  const savedEnv = Object.fromEntries(Object.keys(options.env ?? {}).map((key) => [key, process.env[key]]));
  const savedExitCode = process.exitCode;
  const savedStdin = Object.getOwnPropertyDescriptor(process, 'stdin');
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  setEnv(options.env ?? {});
  process.exitCode = undefined;
  if (options.stdin !== undefined) {
    Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(options.stdin)]), configurable: true });
  }
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await main(['node', 'vigil', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    if (savedStdin) Object.defineProperty(process, 'stdin', savedStdin);
    process.exitCode = savedExitCode;
    setEnv(savedEnv);
  }
}
