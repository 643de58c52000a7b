/**
 * `vigil share collections | import | export`: the sharing hub's collections on the database
 * directly (as the operator, like the platform commands). Import validates the whole file
 * first and stores all of it or nothing, through `publishStixObjects`, the same path the
 * other capabilities publish by; export writes a STIX 2.1 bundle of a collection.
 */
import { throwIllegalValue } from '@vigil/basics';
import type { Executor, SharingCollection, StixCursor, StoredStixObject } from '@vigil/db';
import { findOrganisation, findOrganisationByName, findSharingCollection, listSharingCollections, queryStixObjects } from '@vigil/db';
import type { Organisation, Tlp } from '@vigil/domain';
import { TlpSchema, markedReadScope } from '@vigil/domain';
import { exportBundleText, publishStixObjects, type PublishError } from '@vigil/server';
import { buildBundle, parseJson, serializeBundle, type StixObject } from '@vigil/stix';
import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { CliError, ExitCode } from '../cli-error';
import { cliActor, withDatabase } from '../cli-env';
import { printJson, println, readInputFile } from '../io';

async function collectionByIdOrAlias(db: Executor, key: string): Promise<SharingCollection> {
  const collection = (await findSharingCollection(db, key)) ?? (await listSharingCollections(db)).find((candidate) => candidate.alias === key);
  if (!collection) throw new CliError(`no collection with id or alias "${key}" (list them with: vigil share collections)`, ExitCode.Usage);
  return collection;
}

async function organisationByIdOrName(db: Executor, key: string): Promise<Organisation> {
  const organisation = /^[0-9a-f-]{36}$/i.test(key) ? await findOrganisation(db, key) : await findOrganisationByName(db, key);
  if (!organisation) throw new CliError(`no organisation with id or name "${key}" (list them with: vigil org list)`, ExitCode.Usage);
  return organisation;
}

/** The objects of a bundle or a TAXII envelope (checked object by object by publishStixObjects). */
function objectsOf(file: string, text: string): unknown[] {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new CliError(`${file}:${parsed.error.line}:${parsed.error.column}: not JSON: ${parsed.error.message}`, ExitCode.Usage);
  const document = parsed.value;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new CliError(`${file}: expected a STIX bundle or a TAXII envelope`, ExitCode.Usage);
  const record = document as Record<string, unknown>;
  if (record['type'] !== undefined && record['type'] !== 'bundle') throw new CliError(`${file}: expected a STIX bundle or a TAXII envelope, not a ${JSON.stringify(record['type'])}`, ExitCode.Usage);
  const objects = record['objects'] ?? [];
  if (!Array.isArray(objects)) throw new CliError(`${file}: /objects must be a list`, ExitCode.Usage);
  return objects as unknown[];
}

function describePublishError(error: PublishError): string {
  switch (error.type) {
    case 'collection-not-found':
      return `no collection ${error.collectionId}`;
    case 'producer-not-in-community':
      return `organisation ${error.organisationId} is not in the collection's community (it cannot produce objects there)`;
    case 'recipient-not-in-community':
      return `AMBER recipients must belong to the collection's community: ${error.organisationIds.join(', ')} do not`;
    case 'invalid-objects':
      return `${error.failures.length} invalid object${error.failures.length === 1 ? '' : 's'}; nothing was imported:\n${error.failures
        .map((failure) => `  /objects/${failure.index} (${failure.id}): ${failure.message ?? ''}`)
        .join('\n')}`;
    default:
      return throwIllegalValue(error, 'publish error');
  }
}

interface ImportOptions {
  readonly collection: string;
  readonly organisation?: string;
  readonly tlp?: string;
  readonly recipient?: string[];
  readonly json?: boolean;
}

async function importCommand(file: string, options: ImportOptions): Promise<void> {
  const objects = objectsOf(file, await readInputFile(file));
  const tlp = options.tlp === undefined ? undefined : parseTlpOption(options.tlp);
  await withDatabase(async ({ db }) => {
    const collection = await collectionByIdOrAlias(db, options.collection);
    const producer = options.organisation === undefined ? null : (await organisationByIdOrName(db, options.organisation)).id;
    const recipients = await Promise.all((options.recipient ?? []).map(async (key) => (await organisationByIdOrName(db, key)).id));
    const result = await publishStixObjects({
      db,
      context: { actor: cliActor('share import'), now: new Date() },
      collectionId: collection.id,
      organisationId: producer,
      tlp,
      recipientOrganisationIds: recipients,
      objects,
    });
    if (!result.ok) {
      if (options.json) printJson({ file, imported: 0, error: result.error });
      throw new CliError(describePublishError(result.error), ExitCode.Usage);
    }
    if (options.json) printJson({ file, collection: collection.id, imported: result.value.successCount, status: result.value.id });
    else println(`${file}: imported ${result.value.successCount} object${result.value.successCount === 1 ? '' : 's'} into "${collection.title}" (${collection.id})`);
  });
}

interface ExportOptions {
  readonly collection: string;
  readonly output?: string;
  readonly latest?: boolean;
  readonly tlp?: string;
}

function parseTlpOption(value: string): Tlp {
  const parsed = TlpSchema.safeParse(value.toLowerCase());
  if (!parsed.success) throw new CliError(`--tlp takes clear, green, amber, amber+strict or red, not "${value}"`, ExitCode.Usage);
  return parsed.data;
}

/**
 * `--tlp LEVEL`: the web's "TLP:CLEAR only" export (`export?tlp=`) through the same function,
 * `exportBundleText`: the latest version of each object at LEVEL or below, minus every object
 * that refers, directly or through others, to an object of the collection left out.
 */
async function exportAtTlp(db: Executor, collection: SharingCollection, maxTlp: Tlp, output: string | undefined): Promise<void> {
  const actor = { kind: 'system' as const, name: 'share export' };
  const { text, count, leftOut } = await exportBundleText(db, actor, collection, `bundle--${randomUUID()}`, maxTlp);
  // The same indented form as the full export (the library splices compact JSON for the web).
  const bundle = `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  const level = `TLP:${maxTlp.toUpperCase()}`;
  const summary = `exported ${count} object${count === 1 ? '' : 's'} of "${collection.title}" at ${level} or below${output ? ` to ${output}` : ''}; left out ${leftOut} that refer${leftOut === 1 ? 's' : ''}, directly or through others, to an object above ${level}\n`;
  if (output) await writeFile(output, bundle);
  else process.stdout.write(bundle);
  process.stderr.write(summary);
}

async function exportCommand(options: ExportOptions): Promise<void> {
  const maxTlp = options.tlp === undefined ? undefined : parseTlpOption(options.tlp);
  await withDatabase(async ({ db }) => {
    const collection = await collectionByIdOrAlias(db, options.collection);
    if (maxTlp !== undefined) {
      await exportAtTlp(db, collection, maxTlp, options.output);
      return;
    }
    const actor = { kind: 'system' as const, name: 'share export' };
    const objects: StoredStixObject[] = [];
    let after: StixCursor | undefined;
    for (;;) {
      const page = await queryStixObjects(db, {
        collectionId: collection.id,
        scope: markedReadScope(actor, collection.communityOrganisationIds),
        versions: options.latest ? { kind: 'some', first: false, last: true, at: [] } : { kind: 'all' },
        after,
        limit: 5000,
      });
      objects.push(...page.objects);
      const last = page.objects.at(-1);
      if (!page.more || !last) break;
      after = { dateAdded: last.dateAdded, seq: last.seq };
    }
    const bundle = serializeBundle(buildBundle({ uuid: randomUUID(), objects: objects.map((object) => JSON.parse(object.objectJson) as StixObject) }), { indent: 2 });
    const byTlp = new Map<string, number>();
    for (const object of objects) byTlp.set(object.tlp, (byTlp.get(object.tlp) ?? 0) + 1);
    const summary = [...byTlp].map(([level, count]) => `${count} TLP:${level.toUpperCase()}`).join(', ');
    if (options.output) {
      await writeFile(options.output, bundle);
      process.stderr.write(`exported ${objects.length} object${objects.length === 1 ? '' : 's'} of "${collection.title}" to ${options.output}${summary ? ` (${summary})` : ''}\n`);
    } else {
      process.stdout.write(bundle);
      process.stderr.write(`exported ${objects.length} object${objects.length === 1 ? '' : 's'} of "${collection.title}"${summary ? ` (${summary}): handle each as its marking says` : ''}\n`);
    }
  });
}

async function collectionsCommand(options: { readonly json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const collections = await listSharingCollections(db);
    if (options.json) {
      printJson(collections);
      return;
    }
    for (const collection of collections) {
      println(`${collection.id}  ${collection.alias ?? '-'}  ${collection.title}  [${collection.communityName}; default TLP:${collection.defaultTlp.toUpperCase()}${collection.publicRead ? '; public' : ''}]`);
    }
  });
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Registers `vigil share collections`, `vigil share import` and `vigil share export` on `share`. */
export function registerShareCollectionCommands(share: Command): void {
  share
    .command('collections')
    .description('List the sharing collections (id, alias, title, community, default TLP)')
    .option('--json', 'print the collections as JSON')
    .action((options: { json?: boolean }) => collectionsCommand(options));
  share
    .command('import')
    .description('Import a STIX 2.1 bundle or TAXII envelope into a collection: everything is validated first; nothing is stored unless every object is valid (exit 2)')
    .argument('<file>', 'the bundle or envelope (JSON), or - for standard input')
    .requiredOption('--collection <id>', 'the collection id or alias')
    .option('--organisation <org>', 'the producing organisation (id or name); default: the installation itself')
    .option('--tlp <level>', 'mark every object at this TLP (clear, green, amber, amber+strict, red); default: keep its markings, unmarked objects take the collection default')
    .option('--recipient <org>', 'a named recipient of AMBER and RED objects (id or name; repeat for several)', collect)
    .option('--json', 'print the outcome as JSON')
    .action((file: string, options: ImportOptions) => importCommand(file, options));
  share
    .command('export')
    .description('Export a collection as a STIX 2.1 bundle (every version of every object, or --latest; --tlp clear: a bundle to publish)')
    .requiredOption('--collection <id>', 'the collection id or alias')
    .option('--output <file>', 'write the bundle to this file instead of standard output')
    .option('--latest', 'only the latest version of each object')
    .option(
      '--tlp <level>',
      'only objects whose latest version is at this TLP or below (clear, green, amber, amber+strict, red), leaving out every object that refers, directly or through others, to one left out; the count left out goes to standard error',
    )
    .action((options: ExportOptions) => exportCommand(options));
}
