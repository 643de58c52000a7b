/**
 * Respond's installation settings: the SLA policy every SLA clock uses (the escalation sweep,
 * the escalation board, the case lists' due times).
 *
 * One policy per installation, not per organisation: a case changes hands as it escalates up
 * the line of authority (and collaborators join), and its clock must not change its rules
 * when it does; the calendar that tightens it is the country's. The policy is kept in
 * `settings` under `respond.sla-policy` with who changed it and when; without one the
 * default (`DEFAULT_SLA_POLICY`) applies.
 */
import type { SlaPolicy } from '@vigil/domain';
import { DEFAULT_SLA_POLICY, SlaPolicySchema } from '@vigil/domain';
import type { Executor } from './database';
import { InputError } from './input-error';
import type { MutationContext } from './mutation';
import { inTransaction, recordChange } from './mutation';

/** The settings key of the SLA policy. */
export const SLA_POLICY_SETTING = 'respond.sla-policy';

/** The SLA policy in force, and whether (and by whom) the installation set it. */
export interface SlaPolicySetting {
  readonly policy: SlaPolicy;
  /** False while the default applies. */
  readonly custom: boolean;
  readonly updatedAt: string | null;
  readonly updatedByLabel: string | null;
}

interface Stored {
  readonly policy: SlaPolicy;
  readonly updatedAt: string;
  readonly updatedByLabel: string;
}

/** Reads the stored JSON; `undefined` when it is not a stored policy. */
function parseStored(value: unknown): Stored | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const policy = SlaPolicySchema.safeParse(record['policy']);
  if (!policy.success || typeof record['updatedAt'] !== 'string' || typeof record['updatedByLabel'] !== 'string') return undefined;
  return { policy: policy.data, updatedAt: record['updatedAt'], updatedByLabel: record['updatedByLabel'] };
}

/** The SLA policy in force (the default until one is set). */
export async function getSlaPolicySetting(db: Executor): Promise<SlaPolicySetting> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SLA_POLICY_SETTING).executeTakeFirst();
  if (!row) return { policy: DEFAULT_SLA_POLICY, custom: false, updatedAt: null, updatedByLabel: null };
  // Written only through `setSlaPolicy`, so a stored policy that fails its schema is a bug.
  const stored = parseStored(row.value);
  if (!stored) throw new Error(`the stored ${SLA_POLICY_SETTING} setting is not a valid SLA policy`);
  return { policy: stored.policy, custom: true, updatedAt: stored.updatedAt, updatedByLabel: stored.updatedByLabel };
}

/** The SLA policy in force. */
export async function loadSlaPolicy(db: Executor): Promise<SlaPolicy> {
  return (await getSlaPolicySetting(db)).policy;
}

/** Turns a zod path into a JSON pointer such as `/times/election/critical/acknowledgeMinutes`. */
function pointer(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '/' : `/${path.map(String).join('/')}`;
}

/**
 * Sets the installation's SLA policy: `input` is validated with `SlaPolicySchema` (ranges,
 * both monotonicity rules) and every problem is reported with its JSON path; nothing is
 * written then. The change (old and new policy) goes into the audit log. The sweep uses the
 * new policy from its next run; boards at once.
 */
export async function setSlaPolicy(db: Executor, context: MutationContext, input: unknown): Promise<SlaPolicySetting> {
  const parsed = SlaPolicySchema.safeParse(input);
  if (!parsed.success) throw new InputError(parsed.error.issues.map((issue) => ({ path: pointer(issue.path), message: issue.message })));
  return inTransaction(db, async (trx) => {
    const before = await trx.selectFrom('settings').select('value').where('key', '=', SLA_POLICY_SETTING).forUpdate().executeTakeFirst();
    const value = { policy: parsed.data, updatedAt: context.now.toISOString(), updatedByLabel: context.actor.label };
    await trx
      .insertInto('settings')
      .values({ key: SLA_POLICY_SETTING, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
      .execute();
    const previous = before ? parseStored(before.value) : undefined;
    await recordChange(trx, context, {
      action: 'respond.sla-policy.set',
      targetType: 'setting',
      targetId: null,
      change: { key: SLA_POLICY_SETTING, before: previous?.policy ?? DEFAULT_SLA_POLICY, after: parsed.data },
    });
    return { policy: parsed.data, custom: true, updatedAt: value.updatedAt, updatedByLabel: value.updatedByLabel };
  });
}
