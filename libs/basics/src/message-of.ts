/**
 * A readable reason for anything thrown. `(error as Error).message` prints "undefined" for
 * things that are not errors (WebAssembly aborts, rejected non-errors, objects from native
 * addons); this never does.
 */
export function messageOf(error: unknown): string {
  if (typeof error === 'string') return error || 'an empty error';
  if (typeof error === 'object' && error !== null) {
    const { message, name, code } = error as { message?: unknown; name?: unknown; code?: unknown };
    if (typeof message === 'string' && message.trim() !== '') return message;
    const label = typeof name === 'string' && name !== '' ? name : error.constructor?.name;
    const codeText = typeof code === 'string' || typeof code === 'number' ? ` ${String(code)}` : '';
    if (label && label !== 'Object') return `${label}${codeText} (no message)`;
    try {
      const json = JSON.stringify(error);
      if (json && json !== '{}') return json.length > 300 ? `${json.slice(0, 300)}…` : json;
    } catch {
      // Circular or otherwise not serialisable: fall through.
    }
    return `an error without a message${codeText}`;
  }
  switch (typeof error) {
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${error} was thrown`;
    case 'symbol':
      return `${error.toString()} was thrown`;
    case 'function':
      return 'a function was thrown';
    default:
      return error === null ? 'a bare null was thrown' : 'a bare undefined was thrown';
  }
}
