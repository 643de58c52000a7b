/**
 * Validation of one STIX object against its own type's OASIS JSON schema (STIX 2.1 OASIS
 * Standard, section 1.6 "Normative References": the JSON schemas of the CTI TC). Each object
 * is checked against the schema of its type, never against `common/bundle.json`, whose
 * `oneOf` over all types rejects valid incident, note, location, grouping, opinion and custom
 * objects. Custom objects (section 11.2) are checked against the common core: `core.json`
 * for domain and relationship objects, `cyber-observable-core.json` for observables.
 *
 * The schemas are draft 2020-12 and are compiled with Ajv's 2020 dialect; one pattern in
 * `common/core.json` is not valid with the `u` flag, hence `unicodeRegExp: false`.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { assertDefined } from '@vigil/basics';
import type { JsonObject } from './compact-schema';
import { oasisSchemas } from './generated/oasis-schemas';
import { pointer, type StixIssue } from './stix-issue';

/** How an object is checked when its type has no schema of its own. */
export type StixObjectKind = 'domain' | 'observable';

/** The folder of each schema below `schemas/` that defines object types. */
const typeFolders = new Set(['sdos', 'sros', 'observables']);

/** Object types defined by the common folder (meta objects, section 7). */
const commonTypes = new Set(['marking-definition', 'language-content', 'extension-definition']);

/** The object types that have an OASIS schema, with their schema's key in `oasisSchemas`. */
export const schemaKeyByType: ReadonlyMap<string, string> = new Map(
  Object.keys(oasisSchemas).flatMap((key): [string, string][] => {
    const [folder = '', file = ''] = key.split('/');
    const type = file.replace(/\.json$/, '');
    return typeFolders.has(folder) || (folder === 'common' && commonTypes.has(type))
      ? [[type, key]]
      : [];
  }),
);

/** The cyber-observable types of the specification (section 6). */
export const observableTypes: ReadonlySet<string> = new Set(
  Object.keys(oasisSchemas)
    .filter((key) => key.startsWith('observables/'))
    .map((key) => key.slice('observables/'.length).replace(/\.json$/, '')),
);

/**
 * `idn-hostname` (RFC 5890): dot-separated labels of at most 63 letters, digits, marks,
 * underscores or hyphens, not starting or ending with a hyphen; at most 253 characters.
 * ajv-formats has no IDN format; this is the check the schema for `domain-name` asks for.
 */
const idnHostname =
  /^(?=.{1,253}\.?$)[\p{L}\p{N}_](?:[\p{L}\p{N}\p{M}_-]{0,61}[\p{L}\p{N}\p{M}_])?(?:\.[\p{L}\p{N}_](?:[\p{L}\p{N}\p{M}_-]{0,61}[\p{L}\p{N}\p{M}_])?)*\.?$/u;

interface CompiledSchemas {
  readonly byType: ReadonlyMap<string, ValidateFunction>;
  readonly domainCore: ValidateFunction;
  readonly observableCore: ValidateFunction;
}

let compiled: CompiledSchemas | undefined;

function schemaId(key: string): string {
  const schema: JsonObject = assertDefined(oasisSchemas[key], `no schema ${key}`);
  const id = schema['$id'];
  if (typeof id !== 'string') throw new TypeError(`schema ${key} has no $id`);
  return id;
}

/** Compiles the schemas once, on first use (about a few hundred milliseconds). */
function compiledSchemas(): CompiledSchemas {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email']);
  ajv.addFormat('idn-hostname', idnHostname);
  for (const schema of Object.values(oasisSchemas)) ajv.addSchema(schema);
  const compile = (key: string): ValidateFunction =>
    assertDefined(ajv.getSchema(schemaId(key)), `schema ${key} did not compile`);
  compiled = {
    byType: new Map([...schemaKeyByType].map(([type, key]) => [type, compile(key)])),
    domainCore: compile('common/core.json'),
    observableCore: compile('common/cyber-observable-core.json'),
  };
  return compiled;
}

/**
 * Checks `object` against the schema of `type` (or the common core of `kind` for custom
 * types) and returns one issue per failure, with paths below `basePath`.
 */
export function schemaIssues(input: {
  readonly object: unknown;
  readonly type: string;
  readonly kind: StixObjectKind;
  readonly basePath: string;
}): StixIssue[] {
  const schemas = compiledSchemas();
  const validate =
    schemas.byType.get(input.type) ??
    (input.kind === 'observable' ? schemas.observableCore : schemas.domainCore);
  if (validate(input.object)) return [];
  return simplifyErrors(validate.errors ?? []).map((error) => toIssue(error, input.basePath));
}

function toIssue(error: ErrorObject, basePath: string): StixIssue {
  const params = error.params as Record<string, unknown>;
  const base = basePath + error.instancePath;
  switch (error.keyword) {
    case 'required':
      return {
        code: 'schema',
        path: pointer(base, String(params['missingProperty'])),
        message: 'required property is missing',
      };
    case 'additionalProperties':
      return {
        code: 'schema',
        path: pointer(base, String(params['additionalProperty'])),
        message: 'property is not allowed here',
      };
    default:
      return {
        code: 'schema',
        path: base,
        message: `${error.message ?? 'is invalid'} (${error.keyword})`,
      };
  }
}

const combinators = new Set(['oneOf', 'anyOf']);

/**
 * Ajv reports the failures of every branch of a failed `oneOf`/`anyOf`, most of them
 * irrelevant (a source_name that is not "cve" in the branch for CVE references). Keep, for
 * each failed combinator, only the branch closest to matching (fewest failures), innermost
 * combinators first; keep the combinator's own error when no branch failed (several matched).
 */
export function simplifyErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  let remaining = [...errors];
  const failedCombinators = errors
    .filter((error) => combinators.has(error.keyword))
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const combinator of failedCombinators) {
    const prefix = `${combinator.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const error of remaining) {
      if (error !== combinator && error.schemaPath.startsWith(prefix)) {
        const branch = error.schemaPath.slice(prefix.length).split('/')[0] ?? '';
        branches.set(branch, [...(branches.get(branch) ?? []), error]);
      }
    }
    if (branches.size === 0) continue;
    const best = [...branches.values()].reduce((a, b) => (b.length < a.length ? b : a));
    const dropped = new Set(
      [...branches.values()]
        .filter((branch) => branch !== best)
        .flat()
        .concat(combinator),
    );
    remaining = remaining.filter((error) => !dropped.has(error));
  }
  return remaining;
}
