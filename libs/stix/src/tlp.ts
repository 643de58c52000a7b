/**
 * Traffic Light Protocol 2.0 (FIRST, August 2022) as STIX 2.1 marking definitions: the five
 * official objects of the OASIS TLP 2.0 extension (extension-definition
 * `--60a3c5c5-0d10-413e-aab3-9e08dde9e88d`, oasis-open/cti-stix-common-objects,
 * extension-definition-specifications/tlp-2.0), the TLP 1.0 markings of the STIX 2.1 OASIS
 * Standard, section 7.2.1.4, mapped to their TLP 2.0 successors on import (WHITE → CLEAR),
 * and the effective TLP of an object from its `object_marking_refs` (section 7.2.2).
 */
import type { StixId, StixObject } from './stix-object';

/** TLP 2.0 levels, as the extension's `tlp_2_0` property spells them. */
export type TlpLevel = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

/** The levels from the least to the most restrictive. */
export const TLP_LEVELS: readonly TlpLevel[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/** Whether `value` names a TLP 2.0 level (`'clear'`, `'green'`, `'amber'`, `'amber+strict'`, `'red'`). */
export function isTlpLevel(value: unknown): value is TlpLevel {
  return typeof value === 'string' && (TLP_LEVELS as readonly string[]).includes(value);
}

/** The TLP 2.0 marking-definition extension's id. */
export const TLP_2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** The official ids of the TLP 2.0 marking definitions. */
export const TLP_MARKING_IDS: Readonly<Record<TlpLevel, StixId<'marking-definition'>>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** The TLP 1.0 marking definitions of section 7.2.1.4, with the TLP 2.0 level each becomes. */
export const TLP_1_MARKING_IDS: Readonly<Record<StixId<'marking-definition'>, TlpLevel>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear', // TLP:WHITE
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

/** A TLP 2.0 marking-definition object. */
export interface TlpMarkingDefinition extends StixObject {
  readonly type: 'marking-definition';
  readonly spec_version: '2.1';
  readonly id: StixId<'marking-definition'>;
  readonly created: '2022-10-01T00:00:00.000Z';
  readonly name: string;
  readonly extensions: {
    readonly [TLP_2_EXTENSION_ID]: {
      readonly extension_type: 'property-extension';
      readonly tlp_2_0: TlpLevel;
    };
  };
}

/** The official TLP 2.0 marking-definition object of `level`, as OASIS publishes it. */
export function tlpMarkingDefinition(level: TlpLevel): TlpMarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP_MARKING_IDS[level],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${level.toUpperCase()}`,
    extensions: {
      [TLP_2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level },
    },
  };
}

const levelByMarkingId: ReadonlyMap<string, TlpLevel> = new Map([
  ...Object.entries(TLP_1_MARKING_IDS),
  ...TLP_LEVELS.map((level): [string, TlpLevel] => [TLP_MARKING_IDS[level], level]),
]);

/** The TLP level a marking-definition id stands for (TLP 1.0 ids mapped); `undefined` for others. */
export function tlpLevelOfMarking(markingId: string): TlpLevel | undefined {
  return levelByMarkingId.get(markingId);
}

/** Orders levels by restriction: negative when `a` is less restrictive than `b`. */
export function compareTlp(a: TlpLevel, b: TlpLevel): number {
  return TLP_LEVELS.indexOf(a) - TLP_LEVELS.indexOf(b);
}

/** The most restrictive of `levels`; `undefined` when there is none. */
export function mostRestrictiveTlp(levels: Iterable<TlpLevel>): TlpLevel | undefined {
  let result: TlpLevel | undefined;
  for (const level of levels)
    if (result === undefined || compareTlp(level, result) > 0) result = level;
  return result;
}

/**
 * The effective TLP of an object: the most restrictive TLP among its `object_marking_refs`
 * (TLP 1.0 and 2.0 ids alike); `defaultLevel` when it carries no TLP marking. Granular
 * markings (section 7.2.3) mark parts of an object and do not change the object's level.
 */
export function effectiveTlp(
  object: Pick<StixObject, 'object_marking_refs'>,
  defaultLevel: TlpLevel,
): TlpLevel {
  const refs = Array.isArray(object.object_marking_refs) ? object.object_marking_refs : [];
  const levels = refs.flatMap((ref) => {
    const level = typeof ref === 'string' ? tlpLevelOfMarking(ref) : undefined;
    return level === undefined ? [] : [level];
  });
  return mostRestrictiveTlp(levels) ?? defaultLevel;
}

/** Whether `object` is one of the TLP 1.0 marking-definition objects of section 7.2.1.4. */
export function isTlp1MarkingDefinition(object: Pick<StixObject, 'type' | 'id'>): boolean {
  return object.type === 'marking-definition' && isTlp1Ref(object.id);
}

function isTlp1Ref(ref: unknown): ref is StixId<'marking-definition'> {
  return typeof ref === 'string' && Object.hasOwn(TLP_1_MARKING_IDS, ref);
}

function upgradeRef(ref: unknown): unknown {
  const level = isTlp1Ref(ref) ? TLP_1_MARKING_IDS[ref] : undefined;
  return level === undefined ? ref : TLP_MARKING_IDS[level];
}

function hasTlp1Ref(marking: unknown): boolean {
  return (
    typeof marking === 'object' &&
    marking !== null &&
    'marking_ref' in marking &&
    isTlp1Ref(marking.marking_ref)
  );
}

/**
 * For import: the object with every TLP 1.0 marking reference (`object_marking_refs` and
 * granular `marking_ref`) replaced by its TLP 2.0 successor, duplicates removed. Other
 * properties, and objects without TLP 1.0 references, are returned unchanged.
 */
export function upgradeTlpMarkings<T extends StixObject>(object: T): T {
  let result: T = object;
  const refs = object.object_marking_refs;
  if (Array.isArray(refs) && refs.some(isTlp1Ref)) {
    result = { ...result, object_marking_refs: [...new Set(refs.map(upgradeRef))] };
  }
  const granular = object['granular_markings'];
  if (Array.isArray(granular) && granular.some(hasTlp1Ref)) {
    result = {
      ...result,
      granular_markings: granular.map((marking: unknown) =>
        hasTlp1Ref(marking)
          ? {
              ...(marking as object),
              marking_ref: upgradeRef((marking as { marking_ref: unknown }).marking_ref),
            }
          : marking,
      ),
    };
  }
  return result;
}
