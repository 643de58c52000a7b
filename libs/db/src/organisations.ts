import type { NewOrganisation, Organisation, OrganisationId, OrganisationType } from '@vigil/domain';
import type { Executor } from './database';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';
import type { OrganisationsTable } from './schema';
import type { Selectable } from 'kysely';

function toOrganisation(row: Selectable<OrganisationsTable>): Organisation {
  return {
    id: row.id as OrganisationId,
    name: row.name,
    type: row.type,
    country: row.country,
    createdAt: iso(row.createdAt),
  };
}

/** Organisations by name, after `cursor` (a name), at most `limit`. */
export async function listOrganisations(
  db: Executor,
  query: { readonly cursor?: string | undefined; readonly limit: number; readonly type?: OrganisationType | undefined },
): Promise<{ items: Organisation[]; nextCursor: string | null }> {
  let select = db.selectFrom('organisations').selectAll().orderBy('name').orderBy('id').limit(query.limit + 1);
  if (query.type) select = select.where('type', '=', query.type);
  if (query.cursor) select = select.where('name', '>', query.cursor);
  const rows = await select.execute();
  const items = rows.slice(0, query.limit).map(toOrganisation);
  return { items, nextCursor: rows.length > query.limit ? (items.at(-1)?.name ?? null) : null };
}

/** One organisation, or undefined. */
export async function findOrganisation(db: Executor, id: string): Promise<Organisation | undefined> {
  const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toOrganisation(row) : undefined;
}

/** One organisation by name (case-insensitive), or undefined. */
export async function findOrganisationByName(db: Executor, name: string): Promise<Organisation | undefined> {
  const row = await db
    .selectFrom('organisations')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  return row ? toOrganisation(row) : undefined;
}

/** Thrown when an organisation of that name exists already. */
export class DuplicateError extends Error {
  override readonly name = 'DuplicateError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Creates an organisation; names are unique regardless of case. */
export async function createOrganisation(db: Executor, context: MutationContext, input: NewOrganisation): Promise<Organisation> {
  return inTransaction(db, async (trx) => {
    if (await findOrganisationByName(trx, input.name)) {
      throw new DuplicateError('name', `an organisation named "${input.name}" exists already`);
    }
    const row = await trx
      .insertInto('organisations')
      .values({ name: input.name, type: input.type, country: input.country ?? null, createdAt: context.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const organisation = toOrganisation(row);
    await recordChange(trx, context, { action: 'organisation.create', targetType: 'organisation', targetId: organisation.id, change: input });
    return organisation;
  });
}

/** Changes an organisation's name, type or country; undefined when it does not exist. */
export async function updateOrganisation(
  db: Executor,
  context: MutationContext,
  id: string,
  patch: { readonly name?: string | undefined; readonly type?: OrganisationType | undefined; readonly country?: string | null | undefined },
): Promise<Organisation | undefined> {
  return inTransaction(db, async (trx) => {
    if (patch.name !== undefined) {
      const clash = await findOrganisationByName(trx, patch.name);
      if (clash && clash.id !== id) throw new DuplicateError('name', `an organisation named "${patch.name}" exists already`);
    }
    const set = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.type !== undefined ? { type: patch.type } : {}),
      ...(patch.country !== undefined ? { country: patch.country } : {}),
    };
    if (Object.keys(set).length === 0) return findOrganisation(trx, id);
    const row = await trx
      .updateTable('organisations')
      .set(set)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    await recordChange(trx, context, { action: 'organisation.update', targetType: 'organisation', targetId: id, change: patch });
    return toOrganisation(row);
  });
}
