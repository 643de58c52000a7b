import { z } from 'zod';

/** Where and what was wrong with one part of the input. */
export interface FieldError {
  /** JSON path of the field (`/memberships/0/role`), or `line 3, column 2` in a file. */
  readonly path: string;
  readonly message: string;
}

/** An error answer: RFC 9457 problem details, with field errors for bad input. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string | undefined;
  readonly instance?: string | undefined;
  readonly errors?: readonly FieldError[] | undefined;
  readonly requestId?: string | undefined;
}

export const FieldErrorSchema: z.ZodType<FieldError> = z.object({ path: z.string(), message: z.string() });

export const ProblemSchema: z.ZodType<Problem> = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(FieldErrorSchema).readonly().optional(),
  requestId: z.string().optional(),
});

/** Media type of problem details (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
