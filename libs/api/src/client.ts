import type { RouteContract, RouteInput, RouteOutput } from './contract';
import type { Problem } from './problem';
import { PROBLEM_MEDIA_TYPE, ProblemSchema } from './problem';

/** An error answer of the API, with its problem details. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

/** Header that carries the CSRF token on every state-changing request of a cookie session. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** Options of the typed API client. */
export interface ApiClientOptions {
  /** Origin of the server, e.g. `http://localhost:8080`; empty for same-origin calls in the browser. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Extra headers on every request (e.g. `Authorization: Bearer …` for a token). */
  readonly headers?: () => Record<string, string>;
}

function scalar(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TypeError(`a path or query parameter must be a string, number or boolean, not ${typeof value}`);
}

/** Fills `{name}` placeholders of an OpenAPI path. */
export function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(scalar(value));
  });
}

/** A typed client of the API: `client.call(routes.getUser, { params: { id } })`. */
export interface ApiClient {
  call<C extends RouteContract>(contract: C, input: RouteInput<C>): Promise<RouteOutput<C>>;
  /** Calls a route whose answer or body is not JSON (CSV import and export). */
  callText<C extends RouteContract>(contract: C, input: RouteInput<C> & { text?: string }): Promise<string>;
}

/** Creates a typed API client over `fetch`. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  async function send(contract: RouteContract, input: Record<string, unknown>, text?: string): Promise<Response> {
    let url = `${options.baseUrl ?? ''}${fillPath(contract.path, input['params'] as Record<string, unknown> | undefined)}`;
    const query = input['query'] as Record<string, unknown> | undefined;
    if (query) {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== null) search.set(key, scalar(value));
      }
      const encoded = search.toString();
      if (encoded) url += `?${encoded}`;
    }
    const headers: Record<string, string> = { accept: `application/json, ${PROBLEM_MEDIA_TYPE}`, ...options.headers?.() };
    let body: string | undefined;
    if (text !== undefined) {
      headers['content-type'] = contract.mediaType ?? 'text/plain';
      body = text;
    } else if ('body' in input) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input['body']);
    }
    const response = await doFetch(url, { method: contract.method.toUpperCase(), headers, body, credentials: 'same-origin' });
    if (!response.ok) {
      const raw: unknown = await response.json().catch(() => null);
      const parsed = ProblemSchema.safeParse(raw);
      throw new ApiError(parsed.success ? parsed.data : { type: 'about:blank', title: response.statusText || 'Error', status: response.status });
    }
    return response;
  }
  return {
    async call<C extends RouteContract>(contract: C, input: RouteInput<C>): Promise<RouteOutput<C>> {
      const response = await send(contract, input);
      if (contract.response === null) return undefined as RouteOutput<C>;
      return (contract.response).parse(await response.json()) as RouteOutput<C>;
    },
    async callText<C extends RouteContract>(contract: C, input: RouteInput<C> & { text?: string }): Promise<string> {
      const response = await send(contract, input, input.text);
      return response.text();
    },
  };
}
