import type {
  JurisdictionLevel,
  MilestoneKind,
  OrganisationType,
  Role,
  TokenScope,
} from '@vigil/domain';
import {
  JURISDICTION_LEVELS,
  MILESTONE_KINDS,
  ORGANISATION_TYPES,
  ROLES,
  TOKEN_SCOPES,
} from '@vigil/domain';

function member<T extends string>(values: readonly T[]): (value: string) => value is T {
  return (value): value is T => (values as readonly string[]).includes(value);
}

/** Whether a select's value is an organisation type. */
export const isOrganisationType = member<OrganisationType>(ORGANISATION_TYPES);
/** Whether a select's value is a role. */
export const isRole = member<Role>(ROLES);
/** Whether a select's value is a jurisdiction level. */
export const isJurisdictionLevel = member<JurisdictionLevel>(JURISDICTION_LEVELS);
/** Whether a value is a milestone kind. */
export const isMilestoneKind = member<MilestoneKind>(MILESTONE_KINDS);
/** Whether a value is a token scope. */
export const isTokenScope = member<TokenScope>(TOKEN_SCOPES);
