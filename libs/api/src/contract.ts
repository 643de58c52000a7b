import type { Action } from '@vigil/domain';
import type { z } from 'zod';

/** HTTP methods the API uses. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One route of the HTTP API: its path (OpenAPI style, `{id}`), input and output schemas and
 * the permission that guards it. The server implements each contract, the typed client calls
 * it, and the permission-matrix test enumerates them.
 */
export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** `public` routes need no login; every other route names the action the policy must allow. */
  readonly permission: Action | 'public';
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Status of a successful answer. */
  readonly status: 200 | 201 | 204;
  /** Schema of a successful JSON answer; `null` for 204 or non-JSON answers (CSV). */
  readonly response: R | null;
  /** Media type of a non-JSON answer or body (CSV import and export). */
  readonly mediaType?: 'text/csv';
}

/** Builds a route contract; the identity function, for type inference. */
export function defineRoute<
  P extends z.ZodType = z.ZodNever,
  Q extends z.ZodType = z.ZodNever,
  B extends z.ZodType = z.ZodNever,
  R extends z.ZodType = z.ZodNever,
>(contract: RouteContract<P, Q, B, R>): RouteContract<P, Q, B, R> {
  return contract;
}

/** The inputs of a contract, as the typed client takes them. */
export type RouteInput<C> =
  C extends RouteContract<infer P, infer Q, infer B, z.ZodType>
    ? ([P] extends [z.ZodNever] ? object : { params: z.input<P> }) &
        ([Q] extends [z.ZodNever] ? object : { query?: z.input<Q> }) &
        ([B] extends [z.ZodNever] ? object : { body: z.input<B> })
    : never;

/** The output of a contract. */
export type RouteOutput<C> = C extends RouteContract<z.ZodType, z.ZodType, z.ZodType, infer R> ? ([R] extends [z.ZodNever] ? void : z.output<R>) : never;
