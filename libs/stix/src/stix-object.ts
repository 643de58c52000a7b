/**
 * The shape every STIX 2.1 object shares (STIX 2.1 OASIS Standard, section 3.2 "Common
 * Properties" and section 2.9 "Identifier"). Objects arrive as parsed JSON; the validator
 * (`validateObject`) is what makes an `unknown` a `StixObject`.
 */

/** A STIX identifier, `object-type--UUID` (section 2.9). */
export type StixId<T extends string = string> = `${T}--${string}`;

/** Any STIX object: its type, its id, and further properties. */
export interface StixObject {
  readonly type: string;
  readonly id: StixId;
  readonly spec_version?: string;
  readonly created?: string;
  readonly modified?: string;
  readonly created_by_ref?: StixId<'identity'>;
  readonly object_marking_refs?: readonly StixId<'marking-definition'>[];
  readonly [property: string]: unknown;
}

/** A STIX bundle (section 8): a container of objects with no semantics of its own. */
export interface StixBundle {
  readonly type: 'bundle';
  readonly id: StixId<'bundle'>;
  readonly objects: readonly StixObject[];
}
