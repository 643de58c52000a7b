/**
 * Implements API contracts on Hono: parses path, query and body with the contract's zod
 * schemas (problem+json with field paths on failure), checks the contract's permission
 * with the policy module before the handler runs, checks CSRF on cookie sessions, and
 * validates the handler's output against the response schema.
 */
import { messageOf } from '@vigil/basics';
import type { RouteContract } from '@vigil/api';
import { CSRF_HEADER } from '@vigil/api';
import { mayAttempt } from '@vigil/domain';
import type { MutationContext } from '@vigil/db';
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { auditActorOf } from './auth';
import type { AppEnv, RequestAuth, Services } from './context';
import { HttpProblem, fieldErrors } from './http-problem';

/** Largest JSON or CSV body the API accepts (bigger uploads go through dedicated routes). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

type Parsed<S> = [S] extends [z.ZodNever] ? undefined : S extends z.ZodType ? z.output<S> : undefined;
type Params<C> = C extends RouteContract<infer P, z.ZodType, z.ZodType, z.ZodType> ? Parsed<P> : never;
type Query<C> = C extends RouteContract<z.ZodType, infer Q, z.ZodType, z.ZodType> ? Parsed<Q> : never;
type Body<C> = C extends RouteContract<z.ZodType, z.ZodType, infer B, z.ZodType> ? Parsed<B> : never;
type Output<C> = C extends RouteContract<z.ZodType, z.ZodType, z.ZodType, infer R> ? ([R] extends [z.ZodNever] ? undefined : z.input<R>) : never;

/** What a handler receives. */
export interface HandlerInput<C extends RouteContract> {
  readonly c: Context<AppEnv>;
  readonly services: Services;
  readonly auth: RequestAuth;
  readonly params: Params<C>;
  readonly query: Query<C>;
  readonly body: Body<C>;
  /** The raw body of a text route (CSV). */
  readonly text: string | undefined;
  /** Actor and time for the audit log of any change this request makes. */
  readonly mutation: MutationContext;
}

/** A handler's answer: the JSON value of the contract's response, or a Response for CSV. */
export type HandlerOutput<C extends RouteContract> = Output<C> | Response;

/** Every contract implemented on the app, for OpenAPI and the permission-matrix test. */
export type RouteRegistry = RouteContract[];

function toHonoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

async function readBody(c: Context<AppEnv>, contract: RouteContract): Promise<{ json?: unknown; text?: string }> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new HttpProblem(413, 'Body too large', `the body may be at most ${MAX_BODY_BYTES} bytes`);
  const text = await c.req.text();
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new HttpProblem(413, 'Body too large', `the body may be at most ${MAX_BODY_BYTES} bytes`);
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (contract.mediaType === 'text/csv') {
    if (type !== 'text/csv' && type !== 'text/plain') throw new HttpProblem(415, 'Unsupported media type', 'send the file as text/csv');
    return { text };
  }
  if (type !== 'application/json') throw new HttpProblem(415, 'Unsupported media type', 'send JSON with Content-Type: application/json');
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (error) {
    throw new HttpProblem(400, 'Malformed JSON', `the body is not valid JSON: ${messageOf(error)}`);
  }
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new HttpProblem(where === '' ? 422 : 400, where === '' ? 'Invalid input' : `Invalid ${where.slice(1)}`, 'see errors for each field', fieldErrors(parsed.error.issues, where));
  }
  return parsed.data;
}

/**
 * Whether a handler answered with a ready Response. Duck-typed: @hono/node-server swaps the
 * global Response class, so `instanceof` misses responses built by the other class.
 */
function isResponse(value: unknown): value is Response {
  return typeof value === 'object' && value !== null && 'headers' in value && 'status' in value && typeof (value as Response).arrayBuffer === 'function';
}

/** Registers `handler` for `contract` on `app` behind the contract's permission. */
export function implement<C extends RouteContract>(
  app: Hono<AppEnv>,
  registry: RouteRegistry,
  services: Services,
  contract: C,
  handler: (input: HandlerInput<C>) => Promise<HandlerOutput<C>>,
): void {
  registry.push(contract);
  app.on(contract.method.toUpperCase(), toHonoPath(contract.path), async (c) => {
    const auth = c.get('auth');
    if (contract.permission !== 'public') {
      if (auth.actor.kind === 'anonymous') {
        throw new HttpProblem(401, 'Unauthenticated', 'log in or send an API token', undefined, { 'www-authenticate': 'Bearer, Basic realm="Vigil"' });
      }
      if (!mayAttempt(auth.actor, contract.permission)) {
        throw new HttpProblem(403, 'Forbidden', `you may not ${contract.permission.replace('.', ' ')}`);
      }
    }
    if (contract.method !== 'get' && auth.via === 'session' && c.req.header(CSRF_HEADER) !== auth.csrfToken) {
      throw new HttpProblem(403, 'CSRF token missing or wrong', `send the session's CSRF token in the ${CSRF_HEADER} header`);
    }
    const params = contract.params ? parseWith(contract.params, c.req.param(), '/params') : undefined;
    const query = contract.query ? parseWith(contract.query, c.req.query(), '/query') : undefined;
    let body: unknown;
    let text: string | undefined;
    if (contract.body || contract.mediaType === 'text/csv') {
      if (contract.method !== 'get') {
        const raw = await readBody(c, contract);
        text = raw.text;
        if (contract.body) body = parseWith(contract.body, raw.json, '');
      }
    }
    const output = await handler({
      c,
      services,
      auth,
      params,
      query,
      body,
      text,
      mutation: { actor: auditActorOf(auth), now: services.clock.now() },
    } as HandlerInput<C>);
    if (isResponse(output)) return output;
    if (contract.response === null) return c.body(null, contract.status);
    // Our own answer must match the contract: a mismatch is a bug, answered as a 500.
    const checked: unknown = contract.response.parse(output);
    return c.json(checked as object, contract.status as 200 | 201);
  });
}
