import type { Contact, Jurisdiction, JurisdictionId, JurisdictionLevel, NewJurisdiction, Organisation, OrganisationId } from '@vigil/domain';
import { jurisdictionLevelDepth } from '@vigil/domain';
import type { Selectable } from 'kysely';
import type { Executor } from './database';
import { InputError } from './input-error';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';
import { findOrganisation } from './organisations';
import type { JurisdictionsTable } from './schema';

function toJurisdiction(row: Selectable<JurisdictionsTable>): Jurisdiction {
  return {
    id: row.id as JurisdictionId,
    parentId: row.parentId as JurisdictionId | null,
    level: row.level,
    name: row.name,
    code: row.code,
    responsibleOrganisationId: row.responsibleOrganisationId as OrganisationId | null,
    contacts: row.contacts,
    createdAt: iso(row.createdAt),
  };
}

/** One jurisdiction, or undefined. */
export async function findJurisdiction(db: Executor, id: string): Promise<Jurisdiction | undefined> {
  const row = await db.selectFrom('jurisdictions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toJurisdiction(row) : undefined;
}

/** Every jurisdiction (trees are at most thousands of nodes), top levels first, then by name. */
export async function allJurisdictions(db: Executor): Promise<Jurisdiction[]> {
  const rows = await db.selectFrom('jurisdictions').selectAll().execute();
  return rows.map(toJurisdiction).sort(
    (a, b) => jurisdictionLevelDepth(a.level) - jurisdictionLevelDepth(b.level) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
}

/** A page of jurisdictions in tree order (level, then name); the cursor is an offset. */
export async function listJurisdictions(
  db: Executor,
  query: { readonly cursor?: string | undefined; readonly limit: number; readonly parentId?: string | undefined },
): Promise<{ items: Jurisdiction[]; nextCursor: string | null }> {
  const all = (await allJurisdictions(db)).filter((j) => query.parentId === undefined || j.parentId === query.parentId);
  const offset = query.cursor ? Number.parseInt(query.cursor, 10) || 0 : 0;
  const items = all.slice(offset, offset + query.limit);
  return { items, nextCursor: offset + query.limit < all.length ? String(offset + query.limit) : null };
}

async function checkPlacement(
  trx: Executor,
  input: { readonly parentId: string | null; readonly level: JurisdictionLevel; readonly code: string | null; readonly responsibleOrganisationId: string | null; readonly selfId?: string },
  pathPrefix = '',
): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  if (input.parentId !== null) {
    const parent = await findJurisdiction(trx, input.parentId);
    if (!parent) problems.push({ path: `${pathPrefix}/parentId`, message: 'no jurisdiction with this id' });
    else if (jurisdictionLevelDepth(parent.level) >= jurisdictionLevelDepth(input.level)) {
      problems.push({ path: `${pathPrefix}/level`, message: `a ${input.level} jurisdiction cannot sit under a ${parent.level} one` });
    }
  } else if (input.level === 'regional' || input.level === 'local') {
    problems.push({ path: `${pathPrefix}/parentId`, message: `a ${input.level} jurisdiction needs a parent` });
  }
  if (input.code !== null) {
    const clash = await trx.selectFrom('jurisdictions').select('id').where('code', '=', input.code).executeTakeFirst();
    if (clash && clash.id !== input.selfId) problems.push({ path: `${pathPrefix}/code`, message: `code ${input.code} is used by another jurisdiction` });
  }
  if (input.responsibleOrganisationId !== null && !(await findOrganisation(trx, input.responsibleOrganisationId))) {
    problems.push({ path: `${pathPrefix}/responsibleOrganisationId`, message: 'no organisation with this id' });
  }
  if (problems.length > 0) throw new InputError(problems);
}

/** Adds a jurisdiction under its parent. */
export async function createJurisdiction(db: Executor, context: MutationContext, input: NewJurisdiction): Promise<Jurisdiction> {
  return inTransaction(db, async (trx) => {
    const values = {
      parentId: input.parentId ?? null,
      level: input.level,
      name: input.name,
      code: input.code ?? null,
      responsibleOrganisationId: input.responsibleOrganisationId ?? null,
    };
    await checkPlacement(trx, values);
    const row = await trx
      .insertInto('jurisdictions')
      .values({ ...values, contacts: JSON.stringify(input.contacts ?? []), createdAt: context.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, { action: 'jurisdiction.create', targetType: 'jurisdiction', targetId: row.id, change: input });
    return toJurisdiction(row);
  });
}

/** Changes a jurisdiction's name, code, responsible organisation or contacts. */
export async function updateJurisdiction(
  db: Executor,
  context: MutationContext,
  id: string,
  patch: {
    readonly name?: string | undefined;
    readonly code?: string | null | undefined;
    readonly responsibleOrganisationId?: string | null | undefined;
    readonly contacts?: readonly Contact[] | undefined;
  },
): Promise<Jurisdiction | undefined> {
  return inTransaction(db, async (trx) => {
    const current = await findJurisdiction(trx, id);
    if (!current) return undefined;
    const next = {
      name: patch.name ?? current.name,
      code: patch.code !== undefined ? patch.code : current.code,
      responsibleOrganisationId: patch.responsibleOrganisationId !== undefined ? patch.responsibleOrganisationId : current.responsibleOrganisationId,
      contacts: patch.contacts ?? current.contacts,
    };
    await checkPlacement(trx, { parentId: current.parentId, level: current.level, code: next.code, responsibleOrganisationId: next.responsibleOrganisationId, selfId: id });
    const row = await trx
      .updateTable('jurisdictions')
      .set({ ...next, contacts: JSON.stringify(next.contacts) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, { action: 'jurisdiction.update', targetType: 'jurisdiction', targetId: id, change: patch });
    return toJurisdiction(row);
  });
}

/** The jurisdiction and its ancestors up to the root, each with its responsible organisation. */
export async function lineOfAuthority(
  db: Executor,
  id: string,
): Promise<{ jurisdiction: Jurisdiction; responsibleOrganisation: Organisation | null }[] | undefined> {
  const chain: { jurisdiction: Jurisdiction; responsibleOrganisation: Organisation | null }[] = [];
  const seen = new Set<string>();
  let current = await findJurisdiction(db, id);
  if (!current) return undefined;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    const responsibleOrganisation = current.responsibleOrganisationId ? ((await findOrganisation(db, current.responsibleOrganisationId)) ?? null) : null;
    chain.push({ jurisdiction: current, responsibleOrganisation });
    current = current.parentId ? await findJurisdiction(db, current.parentId) : undefined;
  }
  return chain;
}
