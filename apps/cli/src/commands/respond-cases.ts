/**
 * `vigil respond cases export` and `vigil respond playbooks import | export`, on the database
 * directly (as the operator). Playbook imports validate the whole file first — JSON syntax
 * with line and column, then every playbook against the schema with JSON paths — and store
 * all of it or nothing: new keys become version 1, changed playbooks get a new version,
 * unchanged ones are left alone.
 */
import type { Tlp } from '@vigil/domain';
import { PlaybookFileSchema, STARTER_PLAYBOOKS, TlpSchema, tlpRank } from '@vigil/domain';
import { exportCases, exportPlaybooks, importPlaybooks } from '@vigil/db';
import { parseJson } from '@vigil/stix';
import { stringify } from 'csv-stringify/sync';
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { CliError, ExitCode } from '../cli-error';
import { cliActor, withDatabase } from '../cli-env';
import { printJson, println, readInputFile } from '../io';

/** The `respond` command group, shared with the other respond commands (created by whoever registers first). */
export function respondCommand(program: Command): Command {
  return program.commands.find((command) => command.name() === 'respond') ?? program.command('respond').description('Reports, cases, playbooks and coordinated response');
}

async function writeOutput(output: string | undefined, text: string): Promise<void> {
  if (output === undefined || output === '-') process.stdout.write(text);
  else await writeFile(output, text, 'utf8');
}

const CSV_COLUMNS = [
  'reference',
  'title',
  'status',
  'incident_type',
  'impact',
  'urgency',
  'severity',
  'tlp',
  'jurisdiction',
  'owner',
  'collaborators',
  'election_id',
  'opened_at',
  'updated_at',
  'closed_at',
  'tasks_open',
  'tasks_done',
  'next_due_at',
  'observables',
  'links',
] as const;

async function exportCasesCommand(options: { format: string; output?: string; maxTlp: string }): Promise<void> {
  if (options.format !== 'json' && options.format !== 'csv') throw new CliError(`--format takes json or csv, not "${options.format}"`, ExitCode.Usage);
  const maxTlp = TlpSchema.safeParse(options.maxTlp.toLowerCase());
  if (!maxTlp.success) throw new CliError(`--max-tlp takes clear, green, amber, amber+strict or red, not "${options.maxTlp}"`, ExitCode.Usage);
  await withDatabase(async ({ db }) => {
    const limit: Tlp = maxTlp.data;
    const cases = (await exportCases(db)).filter((record) => tlpRank(record.tlp) <= tlpRank(limit));
    const names = new Map((await db.selectFrom('organisations').select(['id', 'name']).execute()).map((row) => [row.id, row.name]));
    if (options.format === 'json') {
      await writeOutput(options.output, `${JSON.stringify({ format: 'vigil-cases', version: 1, cases }, null, 2)}\n`);
    } else {
      const rows = cases.map((record) => {
        const open = record.tasks.filter((task) => task.status === 'open');
        const nextDue = open.map((task) => task.dueAt).filter((due): due is string => due !== null).sort()[0] ?? '';
        return [
          record.reference,
          record.title,
          record.status,
          record.incidentType,
          record.impact,
          record.urgency,
          record.severity,
          record.tlp.toUpperCase(),
          record.jurisdictionName,
          record.ownerOrganisationName,
          record.collaboratorOrganisationIds.map((id) => names.get(id) ?? id).join('; '),
          record.electionId ?? '',
          record.openedAt,
          record.updatedAt,
          record.closedAt ?? '',
          open.length,
          record.tasks.length - open.length,
          nextDue,
          record.observables.map((o) => `${o.type}:${o.value}`).join(' '),
          record.links.map((l) => `${l.kind}:${l.ref}`).join(' '),
        ];
      });
      await writeOutput(options.output, stringify([[...CSV_COLUMNS], ...rows]));
    }
    if (options.output !== undefined && options.output !== '-') process.stderr.write(`exported ${cases.length} case${cases.length === 1 ? '' : 's'} to ${options.output}\n`);
  });
}

async function importPlaybooksCommand(file: string | undefined, options: { starter?: boolean; note?: string; json?: boolean }): Promise<void> {
  let playbooks;
  if (options.starter) {
    if (file !== undefined) throw new CliError('give a FILE or --starter, not both', ExitCode.Usage);
    playbooks = STARTER_PLAYBOOKS;
  } else {
    if (file === undefined) throw new CliError('give the playbook file to import (or --starter for the starter library)', ExitCode.Usage);
    const parsed = parseJson(await readInputFile(file));
    if (!parsed.ok) throw new CliError(`${file}:${parsed.error.line}:${parsed.error.column}: not JSON: ${parsed.error.message}`, ExitCode.Usage);
    const checked = PlaybookFileSchema.safeParse(parsed.value);
    if (!checked.success) {
      const problems = checked.error.issues.map((issue) => `  /${issue.path.map(String).join('/')}: ${issue.message}`);
      throw new CliError(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported:\n${problems.join('\n')}`, ExitCode.Usage);
    }
    playbooks = checked.data.playbooks;
  }
  await withDatabase(async ({ db }) => {
    const counts = await importPlaybooks(db, { actor: cliActor('respond playbooks import'), now: new Date() }, playbooks, options.note ?? 'Imported with vigil respond playbooks import');
    if (options.json) printJson(counts);
    else println(`${counts.created} created, ${counts.revised} revised (new version), ${counts.unchanged} unchanged`);
  });
}

async function exportPlaybooksCommand(file: string | undefined): Promise<void> {
  await withDatabase(async ({ db }) => {
    const exported = await exportPlaybooks(db);
    await writeOutput(file, `${JSON.stringify(exported, null, 2)}\n`);
    if (file !== undefined && file !== '-') process.stderr.write(`exported ${exported.playbooks.length} playbooks to ${file}\n`);
  });
}

/** Registers `vigil respond cases …` and `vigil respond playbooks …`. */
export function registerRespondCaseCommands(program: Command): void {
  const respond = respondCommand(program);
  const cases = respond.command('cases').description('Cases of coordinated response');
  cases
    .command('export')
    .description('Export every case with its tasks, observables and links (JSON) or one row per case (CSV)')
    .option('--format <format>', 'json or csv', 'json')
    .option('--output <file>', 'write to this file instead of standard output')
    .option('--max-tlp <tlp>', 'leave out cases marked more restrictively than this TLP (e.g. green for a wider audience)', 'red')
    .action(exportCasesCommand);
  const playbooks = respond.command('playbooks').description('Versioned response playbooks');
  playbooks
    .command('import')
    .description('Import playbooks from a JSON file ({"format":"vigil-playbooks","version":1,"playbooks":[…]}); all or nothing')
    .argument('[file]', 'the file, or - for standard input')
    .option('--starter', "load Vigil's starter library of election-interference playbooks")
    .option('--note <text>', 'the version note of new and revised playbooks')
    .option('--json', 'print the counts as JSON')
    .action(importPlaybooksCommand);
  playbooks
    .command('export')
    .description('Export the current version of every playbook as a JSON playbook file')
    .argument('[file]', 'the file to write (standard output without one)')
    .action(exportPlaybooksCommand);
}
