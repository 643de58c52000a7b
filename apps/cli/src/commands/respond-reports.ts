/**
 * `vigil respond import` and `vigil respond export`: bulk reports on the database directly (as
 * the operator). Import validates the whole file first and writes all or nothing, naming every
 * problem with its line and column (CSV) or JSON path; exit 2 then.
 */
import type { ReportFileFormat } from '@vigil/db';
import { InputError, exportReports, findOrganisationByName, importReports } from '@vigil/db';
import type { ReportStatus } from '@vigil/domain';
import { REPORT_STATUSES, trustLevelOfOrganisation } from '@vigil/domain';
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { CliError, ExitCode } from '../cli-error';
import { cliActor, withDatabase } from '../cli-env';
import { printJson, println, readInputFile } from '../io';

/** The `respond` command group, shared with the other respond commands (created by whoever registers first). */
function respondCommand(program: Command): Command {
  return program.commands.find((command) => command.name() === 'respond') ?? program.command('respond').description('Reports, cases, playbooks and coordinated response');
}

function formatOf(option: string | undefined, file: string): ReportFileFormat {
  const format = option ?? (extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json') throw new CliError(`--format must be csv or json, not "${format}"`, ExitCode.Usage);
  return format;
}

/** Registers the report commands under `vigil respond`. */
export function registerRespondReportCommands(program: Command): void {
  const respond = respondCommand(program);
  respond
    .command('import')
    .description('Import reports from CSV or JSON for an observer organisation: validates everything first, then writes all or nothing')
    .argument('<file>', 'CSV (external_ref,category,title,description,jurisdiction,…) or JSON file, or - for stdin')
    .option('--format <format>', 'csv or json (default: from the file extension)')
    .option('--org <name>', 'the organisation the reports come from (its type sets their trust level)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { format?: string; org?: string; json?: boolean }) => {
      const format = formatOf(options.format, file);
      const text = await readInputFile(file);
      const summary = await withDatabase(async ({ db }) => {
        const organisation = options.org ? await findOrganisationByName(db, options.org) : undefined;
        if (options.org && !organisation) throw new CliError(`no organisation named "${options.org}"`, ExitCode.Usage);
        return importReports(db, { actor: cliActor('respond import'), now: new Date() }, {
          text,
          format,
          fileName: file === '-' ? 'stdin' : basename(file),
          origin: { source: 'import', reporterOrganisationId: organisation?.id ?? null, reporterUserId: null, trustLevel: organisation ? trustLevelOfOrganisation(organisation.type) : 1 },
        }).catch((error: unknown) => {
          if (error instanceof InputError) throw new CliError(`invalid input, nothing imported:\n${error.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`, ExitCode.Usage);
          throw error;
        });
      });
      if (options.json) printJson(summary);
      else println(`Imported ${summary.created} reports from ${file}.\n${summary.reports.map((r) => `  ${r.trackingCode}${r.externalRef ? `  ${r.externalRef}` : ''}`).join('\n')}`);
    });

  respond
    .command('export')
    .description('Export reports (contact details included) as CSV or JSON, newest first')
    .option('--status <status>', `only reports of this status (${REPORT_STATUSES.join(', ')})`)
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (options: { status?: string; format: string; out?: string }) => {
      if (options.status !== undefined && !(REPORT_STATUSES as readonly string[]).includes(options.status)) {
        throw new CliError(`--status must be one of ${REPORT_STATUSES.join(', ')}`, ExitCode.Usage);
      }
      const format = formatOf(options.format, options.out ?? '');
      const text = await withDatabase(({ db }) => exportReports(db, { format, status: options.status as ReportStatus | undefined }));
      if (options.out && options.out !== '-') await writeFile(options.out, text, 'utf8');
      else process.stdout.write(text);
    });
}
