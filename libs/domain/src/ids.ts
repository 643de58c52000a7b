import type { Brand } from '@vigil/basics';
import { z } from 'zod';

/** Identifier of an organisation. */
export type OrganisationId = Brand<string, 'OrganisationId'>;
/** Identifier of a user account. */
export type UserId = Brand<string, 'UserId'>;
/** Identifier of a jurisdiction (a node of the international → local tree). */
export type JurisdictionId = Brand<string, 'JurisdictionId'>;
/** Identifier of an election. */
export type ElectionId = Brand<string, 'ElectionId'>;
/** Identifier of a contest within an election. */
export type ContestId = Brand<string, 'ContestId'>;
/** Identifier of an API token. */
export type ApiTokenId = Brand<string, 'ApiTokenId'>;
/** Identifier of a background job. */
export type JobId = Brand<string, 'JobId'>;

const uuid = z.uuid();
export const OrganisationIdSchema = uuid as unknown as z.ZodType<OrganisationId>;
export const UserIdSchema = uuid as unknown as z.ZodType<UserId>;
export const JurisdictionIdSchema = uuid as unknown as z.ZodType<JurisdictionId>;
export const ElectionIdSchema = uuid as unknown as z.ZodType<ElectionId>;
export const ContestIdSchema = uuid as unknown as z.ZodType<ContestId>;
export const ApiTokenIdSchema = uuid as unknown as z.ZodType<ApiTokenId>;
export const JobIdSchema = uuid as unknown as z.ZodType<JobId>;
