import { throwIllegalValue } from '@vigil/basics';
import type { DetectionError } from './detect-coordination';

/** A sentence for a user saying what went wrong with a detection run and where. */
export function describeDetectionError(error: DetectionError): string {
  switch (error.type) {
    case 'input-not-found':
      return `cannot read ${error.path}: no such file`;
    case 'unreadable-input':
      return `cannot read ${error.path}: ${error.message}`;
    case 'missing-columns':
      return `missing columns: ${error.missing.join(', ')} (the file has: ${error.available.join(', ')})`;
    case 'no-valid-rows':
      return `no usable row among ${error.rowsRead}; first problems: ${error.badRows
        .slice(0, 5)
        .map((row) => `line ${row.line}: ${row.detail}`)
        .join('; ')}`;
    case 'no-applicable-method':
      return `the data has nothing for the methods ${error.requested.join(', ')}`;
    case 'invalid-option':
      return `${error.option}: ${error.message}`;
    case 'output-not-writable':
      return `cannot write ${error.path}: ${error.message}`;
    default:
      return throwIllegalValue(error, 'detection error');
  }
}
