/**
 * STIX bundles (STIX 2.1 OASIS Standard, section 8): building, serializing, and parsing
 * bundle files with every problem reported (JSON syntax with line and column, then each
 * object's validation failures).
 */
import { assert, err, ok, type Result } from '@vigil/basics';
import { parseJson, type JsonSyntaxError } from './parse-json';
import type { StixBundle, StixObject } from './stix-object';
import { isUuid } from './uuid';
import { validateBundle, type ContainerValidation } from './validate-container';

/** Builds a bundle of `objects` with id `bundle--uuid` (`uuid` from the caller's random source). */
export function buildBundle(input: {
  readonly uuid: string;
  readonly objects: readonly StixObject[];
}): StixBundle {
  assert(isUuid(input.uuid), `not a lowercase UUID: ${input.uuid}`);
  return { type: 'bundle', id: `bundle--${input.uuid}`, objects: input.objects };
}

/** Serializes a bundle as JSON text (`indent` spaces, or compact). */
export function serializeBundle(
  bundle: StixBundle,
  options: { readonly indent?: number } = {},
): string {
  return `${JSON.stringify(bundle, null, options.indent)}\n`;
}

/** Why bundle text could not be read: not JSON, or not a valid bundle. */
export type BundleParseError =
  JsonSyntaxError | { readonly type: 'invalid-bundle'; readonly validation: ContainerValidation };

/** Parses and validates bundle text; a bundle with any invalid object is an error listing all failures. */
export function parseBundle(text: string): Result<StixBundle, BundleParseError> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const validation = validateBundle(parsed.value);
  if (!validation.valid) return err({ type: 'invalid-bundle', validation });
  return ok(parsed.value as StixBundle);
}
