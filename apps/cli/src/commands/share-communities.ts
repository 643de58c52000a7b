/**
 * `vigil share community list | create | add-member` and `vigil share collection create |
 * grant`: sharing communities, their collections and per-organisation rights, scripted on the
 * database directly as the operator (every change in the audit log, like the web's
 * management pages). Organisations and communities are named by id or by name, collections
 * by id or alias.
 */
import type { Executor, SharingCommunity } from '@vigil/db';
import {
  DuplicateError,
  InputError,
  addSharingCommunityMembers,
  createSharingCollection,
  createSharingCommunity,
  findOrganisation,
  findOrganisationByName,
  findSharingCollection,
  listSharingCollections,
  listSharingCommunities,
  organisationNames,
  setCollectionRight,
} from '@vigil/db';
import type { Organisation, Tlp } from '@vigil/domain';
import { TlpSchema } from '@vigil/domain';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error';
import { cliActor, withDatabase } from '../cli-env';
import { printJson, println } from '../io';

function context(command: string) {
  return { actor: cliActor(command), now: new Date() };
}

function rethrowInput(error: unknown): never {
  if (error instanceof InputError) {
    throw new CliError(`invalid input:\n${error.problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n')}`, ExitCode.Usage);
  }
  if (error instanceof DuplicateError) throw new CliError(error.message, ExitCode.Usage);
  throw error;
}

async function organisationByIdOrName(db: Executor, key: string): Promise<Organisation> {
  const organisation = /^[0-9a-f-]{36}$/i.test(key) ? await findOrganisation(db, key) : await findOrganisationByName(db, key);
  if (!organisation) throw new CliError(`no organisation with id or name "${key}" (list them with: vigil org list)`, ExitCode.Usage);
  return organisation;
}

async function communityByIdOrName(db: Executor, key: string): Promise<SharingCommunity> {
  const community = (await listSharingCommunities(db)).find((candidate) => candidate.id === key || candidate.name.toLowerCase() === key.toLowerCase());
  if (!community) throw new CliError(`no sharing community with id or name "${key}" (list them with: vigil share community list)`, ExitCode.Usage);
  return community;
}

function parseTlp(text: string): Tlp {
  const parsed = TlpSchema.safeParse(text.toLowerCase());
  if (!parsed.success) throw new CliError(`--default-tlp takes clear, green, amber, amber+strict or red, not "${text}"`, ExitCode.Usage);
  return parsed.data;
}

/** `ORG` or `ORG:r`, `ORG:w`, `ORG:rw` (default rw) of `--grant`. */
function parseGrant(text: string): { readonly organisation: string; readonly canRead: boolean; readonly canWrite: boolean } {
  const match = /^(.*?)(?::(r|w|rw|wr))?$/.exec(text);
  const organisation = match?.[1]?.trim() ?? '';
  if (organisation === '') throw new CliError(`--grant takes ORGANISATION[:r|w|rw], not "${text}"`, ExitCode.Usage);
  const rights = match?.[2] ?? 'rw';
  return { organisation, canRead: rights.includes('r'), canWrite: rights.includes('w') };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

async function listCommand(options: { readonly json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const communities = await listSharingCommunities(db);
    const names = await organisationNames(db, communities.flatMap((community) => community.organisationIds));
    const collections = await listSharingCollections(db);
    const view = communities.map((community) => ({
      ...community,
      organisations: community.organisationIds.map((id) => ({ id, name: names.get(id) ?? id })),
      collections: collections.filter((collection) => collection.communityId === community.id).map((collection) => ({ id: collection.id, alias: collection.alias, title: collection.title })),
    }));
    if (options.json) {
      printJson(view);
      return;
    }
    for (const community of view) {
      println(`${community.id}  ${community.name}  [${community.organisations.length} organisation${community.organisations.length === 1 ? '' : 's'}; ${community.collections.length} collection${community.collections.length === 1 ? '' : 's'}]`);
      for (const organisation of community.organisations) println(`    member      ${organisation.name}`);
      for (const collection of community.collections) println(`    collection  ${collection.alias ?? collection.id}  ${collection.title}`);
    }
  });
}

interface CreateCommunityOptions {
  readonly name: string;
  readonly description?: string;
  readonly member?: string[];
  readonly json?: boolean;
}

async function createCommunityCommand(options: CreateCommunityOptions): Promise<void> {
  await withDatabase(async ({ db }) => {
    const members = await Promise.all((options.member ?? []).map(async (key) => (await organisationByIdOrName(db, key)).id));
    const created = await createSharingCommunity(db, context('share community create'), { name: options.name, description: options.description ?? '', organisationIds: members }).catch(rethrowInput);
    if (options.json) printJson(created);
    else println(`created sharing community "${created.name}" (${created.id}) with ${created.organisationIds.length} member organisation${created.organisationIds.length === 1 ? '' : 's'}`);
  });
}

async function addMemberCommand(communityKey: string, organisationKeys: string[]): Promise<void> {
  await withDatabase(async ({ db }) => {
    const community = await communityByIdOrName(db, communityKey);
    const organisations = await Promise.all(organisationKeys.map((key) => organisationByIdOrName(db, key)));
    await addSharingCommunityMembers(db, context('share community add-member'), { communityId: community.id, organisationIds: organisations.map((organisation) => organisation.id) }).catch(rethrowInput);
    println(`"${community.name}" now includes ${organisations.map((organisation) => organisation.name).join(', ')}`);
  });
}

interface CreateCollectionOptions {
  readonly community: string;
  readonly title: string;
  readonly description?: string;
  readonly alias?: string;
  readonly defaultTlp: string;
  readonly public?: boolean;
  readonly grant?: string[];
  readonly json?: boolean;
}

async function createCollectionCommand(options: CreateCollectionOptions): Promise<void> {
  const defaultTlp = parseTlp(options.defaultTlp);
  if (options.alias !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(options.alias)) {
    throw new CliError(`--alias takes lowercase letters, digits and dashes, not "${options.alias}"`, ExitCode.Usage);
  }
  const grants = (options.grant ?? []).map(parseGrant);
  await withDatabase(async ({ db }) => {
    const community = await communityByIdOrName(db, options.community);
    const rights = await Promise.all(grants.map(async (grant) => ({ organisationId: (await organisationByIdOrName(db, grant.organisation)).id, canRead: grant.canRead, canWrite: grant.canWrite })));
    const created = await createSharingCollection(db, context('share collection create'), {
      communityId: community.id,
      title: options.title,
      description: options.description ?? '',
      alias: options.alias ?? null,
      publicRead: options.public === true,
      defaultTlp,
      rights,
    }).catch(rethrowInput);
    if (options.json) printJson(created);
    else println(`created collection "${created.title}" (${created.id}${created.alias ? `, alias ${created.alias}` : ''}) in "${community.name}"; default TLP:${created.defaultTlp.toUpperCase()}`);
  });
}

interface GrantOptions {
  readonly read?: boolean;
  readonly write?: boolean;
}

async function grantCommand(collectionKey: string, organisationKey: string, options: GrantOptions): Promise<void> {
  await withDatabase(async ({ db }) => {
    const collection = (await findSharingCollection(db, collectionKey)) ?? (await listSharingCollections(db)).find((candidate) => candidate.alias === collectionKey);
    if (!collection) throw new CliError(`no collection with id or alias "${collectionKey}" (list them with: vigil share collections)`, ExitCode.Usage);
    const organisation = await organisationByIdOrName(db, organisationKey);
    const canRead = options.read === true;
    const canWrite = options.write === true;
    await setCollectionRight(db, context('share collection grant'), { collectionId: collection.id, organisationId: organisation.id, canRead, canWrite }).catch(rethrowInput);
    const rights = [canRead ? 'read' : null, canWrite ? 'write' : null].filter(Boolean).join(' and ');
    println(rights ? `${organisation.name} may now ${rights} "${collection.title}"` : `${organisation.name} has no rights on "${collection.title}" any more`);
  });
}

/** Registers `vigil share community …` and `vigil share collection …` on `share`. */
export function registerShareCommunityCommands(share: Command): void {
  const community = share.command('community').description('Sharing communities: the organisations GREEN and AMBER objects of their collections are shared among');
  community
    .command('list')
    .description('List the communities with their member organisations and collections')
    .option('--json', 'print them as JSON')
    .action((options: { json?: boolean }) => listCommand(options));
  community
    .command('create')
    .description('Create a sharing community')
    .requiredOption('--name <name>', 'its name (unique, case-insensitive)')
    .option('--description <text>', 'what it is for')
    .option('--member <org>', 'a member organisation (id or name; repeat for several)', collect)
    .option('--json', 'print the community as JSON')
    .action((options: CreateCommunityOptions) => createCommunityCommand(options));
  community
    .command('add-member')
    .description('Add organisations to a community (members already in it stay)')
    .argument('<community>', 'the community (id or name)')
    .argument('<org...>', 'the organisations (ids or names)')
    .action((key: string, organisations: string[]) => addMemberCommand(key, organisations));

  const collection = share.command('collection').description('Collections of a sharing community and who may read or write them');
  collection
    .command('create')
    .description('Create a collection in a community')
    .requiredOption('--community <community>', 'the community (id or name)')
    .requiredOption('--title <title>', 'its title')
    .option('--description <text>', 'what it holds')
    .option('--alias <alias>', 'a short name for TAXII clients (lowercase letters, digits, dashes)')
    .option('--default-tlp <level>', 'the TLP of objects that arrive unmarked', 'green')
    .option('--public', 'anyone may read its TLP:CLEAR objects, without an account')
    .option('--grant <org[:r|w|rw]>', 'give an organisation rights (default rw; repeat for several)', collect)
    .option('--json', 'print the collection as JSON')
    .action((options: CreateCollectionOptions) => createCollectionCommand(options));
  collection
    .command('grant')
    .description("Set an organisation's rights on a collection: --read, --write, both, or neither to take them away")
    .argument('<collection>', 'the collection (id or alias)')
    .argument('<org>', 'the organisation (id or name)')
    .option('--read', 'may read the collection (what it sees of each object still depends on its TLP)')
    .option('--write', 'may add objects to the collection')
    .action((collectionKey: string, organisationKey: string, options: GrantOptions) => grantCommand(collectionKey, organisationKey, options));
}
