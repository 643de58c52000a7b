/**
 * `vigil share …`: threat-information sharing from the command line. `share validate`
 * works offline over @vigil/stix: it checks a STIX 2.1 bundle, a TAXII 2.1 envelope or a
 * single STIX object against the OASIS schemas, the specification's MUST rules and DISARM,
 * and lists every failure with its JSON path. See docs/stix.md.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { messageOf, throwIllegalValue } from '@vigil/basics';
import {
  parseJson,
  validateBundle,
  validateEnvelope,
  validateObject,
  type ContainerValidation,
  type StixIssue,
} from '@vigil/stix';
import { CliError, ExitCode } from '../cli-error';
import { registerShareCollectionCommands } from './share-collections';
import { registerShareCommunityCommands } from './share-communities';

/** What a validated file held. */
type DocumentKind = 'bundle' | 'envelope' | 'object';

/** One failure as `share validate` reports it. */
interface Failure extends StixIssue {
  /** The index in `objects` of the failing object; absent for the container and single objects. */
  readonly index?: number;
  /** The failing object's id, when it has one. */
  readonly id?: string;
}

interface Report {
  readonly file: string;
  readonly valid: boolean;
  readonly kind: DocumentKind;
  readonly objects: number;
  readonly invalidObjects: number;
  readonly failures: readonly Failure[];
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A bundle has type "bundle"; a TAXII envelope has no type; anything else with a type is one object. */
function kindOf(document: unknown): DocumentKind {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return 'bundle';
  const type = (document as Record<string, unknown>)['type'];
  if (type === undefined) return 'envelope';
  return type === 'bundle' ? 'bundle' : 'object';
}

function containerReport(
  file: string,
  kind: DocumentKind,
  validation: ContainerValidation,
): Report {
  const failures: Failure[] = [
    ...validation.containerIssues,
    ...validation.objects.flatMap((object) =>
      object.issues.map((issue) => ({
        ...issue,
        index: object.index,
        ...(object.id === undefined ? {} : { id: object.id }),
      })),
    ),
  ];
  return {
    file,
    valid: validation.valid,
    kind,
    objects: validation.objects.length,
    invalidObjects: validation.objects.filter((object) => !object.valid).length,
    failures,
  };
}

function validateDocument(file: string, document: unknown): Report {
  const kind = kindOf(document);
  switch (kind) {
    case 'bundle':
      return containerReport(file, kind, validateBundle(document));
    case 'envelope':
      return containerReport(file, kind, validateEnvelope(document));
    case 'object': {
      const result = validateObject(document);
      return {
        file,
        valid: result.valid,
        kind,
        objects: 1,
        invalidObjects: result.valid ? 0 : 1,
        failures: result.issues.map((issue) => ({
          ...issue,
          ...(result.id === undefined ? {} : { id: result.id }),
        })),
      };
    }
    default:
      return throwIllegalValue(kind, 'document kind');
  }
}

/** Reads and decodes the file; unreadable or non-UTF-8 files are bad input (exit 2). */
function readText(file: string, json: boolean): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const message = `cannot read ${file}: ${messageOf(error)}`;
    if (json) printJson({ file, valid: false, error: { type: 'unreadable', message } });
    throw new CliError(message, ExitCode.Usage);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const message = `${file} is not UTF-8 text`;
    if (json) printJson({ file, valid: false, error: { type: 'not-utf-8', message } });
    throw new CliError(message, ExitCode.Usage);
  }
}

function printReport(report: Report): void {
  const what =
    report.kind === 'object'
      ? 'STIX object'
      : `${report.kind} of ${report.objects} object${report.objects === 1 ? '' : 's'}`;
  if (report.valid) {
    process.stdout.write(`${report.file}: valid STIX 2.1 (${what})\n`);
    return;
  }
  process.stdout.write(
    `${report.file}: invalid STIX 2.1 (${what}; ${report.invalidObjects} invalid, ${report.failures.length} failure${report.failures.length === 1 ? '' : 's'})\n`,
  );
  for (const failure of report.failures) {
    const subject = failure.id === undefined ? '' : ` (${failure.id})`;
    process.stdout.write(
      `  ${failure.path || '/'}  ${failure.code}: ${failure.message}${subject}\n`,
    );
  }
}

interface ValidateOptions {
  readonly json?: boolean;
}

/** `vigil share validate FILE [--json]`. */
function validateCommand(file: string, options: ValidateOptions): void {
  const json = options.json === true;
  const parsed = parseJson(readText(file, json));
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    if (json) printJson({ file, valid: false, error: parsed.error });
    throw new CliError(`${file}:${line}:${column}: not JSON: ${message}`, ExitCode.Usage);
  }
  const report = validateDocument(file, parsed.value);
  if (json) printJson(report);
  else printReport(report);
  if (!report.valid) {
    throw new CliError(
      `${file} is not valid STIX 2.1: ${report.failures.length} failure${report.failures.length === 1 ? '' : 's'}`,
      ExitCode.Failure,
    );
  }
}

/** Registers `vigil share …`. */
export function registerShareCommands(program: Command): void {
  const share = program
    .command('share')
    .description('Threat-information sharing: STIX 2.1 bundles, TLP 2.0 markings, DISARM');
  share
    .command('validate')
    .description(
      'Validate a STIX 2.1 bundle, TAXII 2.1 envelope or single STIX object without storing it: ' +
        'exit 0 valid, 1 invalid (every failure listed with its JSON path), 2 unreadable or not JSON',
    )
    .argument('<file>', 'the JSON file to validate')
    .option('--json', 'print the result as one JSON document on stdout')
    .action((file: string, options: ValidateOptions) => validateCommand(file, options));
  registerShareCollectionCommands(share);
  registerShareCommunityCommands(share);
}
