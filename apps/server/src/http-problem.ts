/**
 * Every error answer of the API is RFC 9457 problem details; this module maps errors to
 * them in one place.
 */
import type { FieldError, Problem } from '@vigil/api';
import { PROBLEM_MEDIA_TYPE } from '@vigil/api';
import { DuplicateError, InputError, NotFoundError } from '@vigil/db';
import type { z } from 'zod';

/** An error with an HTTP status, thrown by handlers and middleware. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: readonly FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
  }
}

/** Turns zod issues into field errors with JSON paths (`/memberships/0/role`). */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldError[] {
  return issues.map((issue) => ({
    path: `${prefix}/${issue.path.map((part) => String(part)).join('/')}`.replace(/\/$/, '') || '/',
    message: issue.message,
  }));
}

/** Problem `type` URIs: stable identifiers a client can switch on. */
const TYPES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  422: 'invalid-input',
  423: 'locked',
  429: 'rate-limited',
  500: 'internal',
};

/** Builds problem details for an error; unknown errors become a 500 without internals. */
export function problemOf(error: unknown, requestId: string): { problem: Problem; headers: Record<string, string> } {
  let status = 500;
  let title = 'Internal server error';
  let detail: string | undefined = `Something went wrong on the server; quote request ${requestId} to its operators.`;
  let errors: readonly FieldError[] | undefined;
  let headers: Record<string, string> = {};
  if (error instanceof HttpProblem) {
    ({ status, title, detail, errors } = error);
    headers = error.headers ?? {};
  } else if (error instanceof InputError) {
    status = 422;
    title = 'Invalid input';
    detail = error.problems.length === 1 ? `${error.problems[0]?.path}: ${error.problems[0]?.message}` : `${error.problems.length} problems in the input`;
    errors = error.problems;
  } else if (error instanceof DuplicateError) {
    status = 409;
    title = 'Already exists';
    detail = error.message;
    errors = [{ path: `/${error.field}`, message: error.message }];
  } else if (error instanceof NotFoundError) {
    status = 404;
    title = 'Not found';
    detail = error.message;
  }
  return {
    problem: { type: `/api/problems/${TYPES[status] ?? 'error'}`, title, status, detail, errors, requestId },
    headers,
  };
}

/** The JSON response of a problem. */
export function problemResponse(error: unknown, requestId: string): Response {
  const { problem, headers } = problemOf(error, requestId);
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_MEDIA_TYPE, ...headers },
  });
}
