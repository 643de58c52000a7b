import { z } from 'zod';

/** Who did something, as the audit log records it. */
export interface AuditActor {
  readonly kind: 'user' | 'system' | 'anonymous';
  /** User id, or the system component's name. */
  readonly id: string | null;
  readonly label: string;
}

export const AuditActorSchema: z.ZodType<AuditActor> = z.object({
  kind: z.enum(['user', 'system', 'anonymous']),
  id: z.string().nullable(),
  label: z.string(),
});

/** One link of the hash-chained audit log. */
export interface AuditEvent {
  readonly seq: number;
  readonly at: string;
  readonly actor: AuditActor;
  /** `noun.verb`, for example `organisation.create`. */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  /** SHA-256 (hex) of the canonical JSON of the change. */
  readonly digest: string;
  readonly prevHash: string;
  /** SHA-256 (hex) over `prevHash` and the canonical JSON of the event. */
  readonly hash: string;
}

export const AuditEventSchema: z.ZodType<AuditEvent> = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: AuditActorSchema,
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  digest: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
