/** Structured logs: one JSON object per line on stdout (errors on stderr). */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** A JSON-lines logger that drops messages below `level`. */
export function createLogger(input: { readonly level: (typeof LEVELS)[number]; readonly now?: () => Date; readonly write?: (line: string, level: string) => void }): Logger {
  const threshold = LEVELS.indexOf(input.level);
  const now = input.now ?? (() => new Date());
  const write =
    input.write ??
    ((line: string, level: string) => {
      (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });
  const log = (level: (typeof LEVELS)[number]) => (message: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS.indexOf(level) < threshold) return;
    write(JSON.stringify({ time: now().toISOString(), level, message, ...fields }), level);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
