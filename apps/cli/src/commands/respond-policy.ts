/**
 * `vigil respond sla-policy show | set` and `vigil respond plans list | marking`, on the
 * database directly (as the operator, recorded in the audit log as `vigil <command> (by <user>)`).
 *
 * They call the same library functions as the HTTP routes (`getSlaPolicySetting`,
 * `setSlaPolicy`, `listPlans`, `setPlanMarking`), so a policy set here is validated by the
 * same schema (ranges and both monotonicity rules, every problem with its JSON path), and
 * both changes are audited as `respond.sla-policy.set` and `plan.mark`, as through the API.
 * Nothing is written when anything is wrong.
 */
import { isUuid } from '@vigil/basics';
import type { ContingencyPlan, Executor, SlaPolicySetting } from '@vigil/db';
import { findElection, findOrganisation, findOrganisationByName, findPlan, getSlaPolicySetting, InputError, listPlans, setPlanMarking, setSlaPolicy } from '@vigil/db';
import type { Organisation, SlaPolicy, Tlp } from '@vigil/domain';
import { ElectionIdSchema, SEVERITIES, SLA_PHASES, TLP_LEVELS, TlpSchema } from '@vigil/domain';
import { parseJson } from '@vigil/stix';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error';
import { cliActor, withDatabase } from '../cli-env';
import { printJson, println, readInputFile } from '../io';
import { respondCommand } from './respond-cases';

/**
 * A duration in minutes as people write it on a rota: `10 min`, `1 h 30 min`, `72 h`, `7 d`.
 * Whole days are shown as days from 5 days up (so 72 h stays 72 h, as in the docs' table).
 */
export function formatMinutes(total: number): string {
  if (total % 1440 === 0 && total >= 5 * 1440) return `${total / 1440} d`;
  if (total < 60) return `${total} min`;
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Left-aligned columns separated by two spaces. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, index) => Math.max(...rows.map((row) => (row[index] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  '));
}

/** The policy as the phase × severity tables (acknowledge, then update) and its other settings. */
export function describeSlaPolicy(setting: SlaPolicySetting): string[] {
  const { policy } = setting;
  const lines = [setting.custom ? `SLA policy set by ${setting.updatedByLabel ?? '?'} at ${setting.updatedAt ?? '?'}` : "SLA policy: Vigil's default (the installation has not set one)", ''];
  const table = (title: string, field: keyof SlaPolicy['times']['normal']['low']) => [
    title,
    ...columns([['severity', ...SLA_PHASES], ...SEVERITIES.map((severity) => [severity, ...SLA_PHASES.map((phase) => formatMinutes(policy.times[phase][severity][field]))])]).map((line) => `  ${line}`),
    '',
  ];
  lines.push(...table('Time to acknowledge', 'acknowledgeMinutes'), ...table('Time to update or resolve', 'updateMinutes'));
  lines.push(
    'Phases (calendar days in the election time zone):',
    `  campaign     ${policy.campaignDays} to ${policy.finalWeekDays + 1} days before election day${policy.postElectionDays > policy.electionDaysAfter ? `, and ${policy.electionDaysAfter + 1} to ${policy.postElectionDays} days after` : ''}`,
    `  final-week   ${policy.finalWeekDays === 1 ? 'the day' : `${policy.finalWeekDays} to 1 days`} before`,
    `  election     ${policy.electionDaysAfter === 0 ? 'election day' : `election day and the ${policy.electionDaysAfter === 1 ? 'day' : `${policy.electionDaysAfter} days`} after`}`,
    `  normal       any other day`,
    `Escalates one level at once from severity: ${policy.escalateAtSeverity}`,
    `Election calendar time zone: ${utcOffset(policy.utcOffsetMinutes)}`,
  );
  return lines;
}

async function showSlaPolicyCommand(options: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const setting = await getSlaPolicySetting(db);
    // The policy document alone, in the shape `set` (and PUT /api/v1/respond/sla-policy) takes,
    // so `show --json > policy.json`, an edit and `set policy.json` round-trip.
    if (options.json) printJson(setting.policy);
    else for (const line of describeSlaPolicy(setting)) println(line);
  });
}

function problemList(file: string, problems: readonly { path: string; message: string }[], what: string): CliError {
  return new CliError(`${file === '-' ? 'standard input' : file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; ${what}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`, ExitCode.Usage);
}

async function setSlaPolicyCommand(file: string, options: { json?: boolean }): Promise<void> {
  const parsed = parseJson(await readInputFile(file));
  if (!parsed.ok) throw new CliError(`${file}:${parsed.error.line}:${parsed.error.column}: not JSON: ${parsed.error.message}; the SLA policy was not changed`, ExitCode.Usage);
  await withDatabase(async ({ db }) => {
    let setting: SlaPolicySetting;
    try {
      setting = await setSlaPolicy(db, { actor: cliActor('respond sla-policy set'), now: new Date() }, parsed.value);
    } catch (error) {
      if (error instanceof InputError) throw problemList(file, error.problems, 'the SLA policy was not changed');
      throw error;
    }
    if (options.json) printJson(setting.policy);
    else for (const line of describeSlaPolicy(setting)) println(line);
  });
}

async function organisationNames(db: Executor, plans: readonly ContingencyPlan[]): Promise<Map<string, string>> {
  const ids = [...new Set(plans.flatMap((plan) => plan.sharedWithOrganisationIds))];
  const names = new Map<string, string>();
  for (const id of ids) names.set(id, (await findOrganisation(db, id))?.name ?? id);
  return names;
}

function planLines(plan: ContingencyPlan, names: ReadonlyMap<string, string>): string[] {
  const shared = plan.sharedWithOrganisationIds.map((id) => names.get(id) ?? id);
  return [
    `${plan.id}  ${plan.title}`,
    `  TLP:${plan.tlp.toUpperCase()}, ${plan.active ? 'active' : 'ready'}, decision owner ${plan.decisionOwnerOrganisationName}; shared with ${shared.length === 0 ? 'no other organisation' : shared.join(', ')}`,
    `  election ${plan.electionId}, ${plan.incidentType}, ${plan.tasks.length} task${plan.tasks.length === 1 ? '' : 's'}`,
  ];
}

async function listPlansCommand(options: { election?: string; json?: boolean }): Promise<void> {
  if (options.election !== undefined && !ElectionIdSchema.safeParse(options.election).success) throw new CliError(`--election takes an election id (a UUID), not "${options.election}"`, ExitCode.Usage);
  await withDatabase(async ({ db }) => {
    if (options.election !== undefined && !(await findElection(db, options.election))) throw new CliError(`no election with id ${options.election}`, ExitCode.Usage);
    const plans = await listPlans(db, { electionId: options.election });
    const names = await organisationNames(db, plans);
    if (options.json) {
      printJson({ plans: plans.map((plan) => ({ ...plan, sharedWithOrganisations: plan.sharedWithOrganisationIds.map((id) => ({ id, name: names.get(id) ?? id })) })) });
      return;
    }
    if (plans.length === 0) println('No contingency plans.');
    for (const plan of plans) for (const line of planLines(plan, names)) println(line);
  });
}

/** A plan by id or by exact title (a title shared by several plans must be given as an id). */
async function planByIdOrTitle(db: Executor, key: string): Promise<ContingencyPlan> {
  if (isUuid(key)) {
    const plan = await findPlan(db, key);
    if (!plan) throw new CliError(`no contingency plan with id ${key} (list them with: vigil respond plans list)`, ExitCode.Usage);
    return plan;
  }
  const matches = (await listPlans(db)).filter((plan) => plan.title === key);
  if (matches.length === 0) throw new CliError(`no contingency plan with id or title "${key}" (list them with: vigil respond plans list)`, ExitCode.Usage);
  if (matches.length > 1) throw new CliError(`${matches.length} plans are titled "${key}"; give one of their ids: ${matches.map((plan) => plan.id).join(', ')}`, ExitCode.Usage);
  return matches[0] as ContingencyPlan;
}

/** Organisations by id or exact name; every unknown one is reported, by what was given. */
async function organisationsByIdOrName(db: Executor, keys: readonly string[]): Promise<Organisation[]> {
  const found: Organisation[] = [];
  const unknown: string[] = [];
  for (const key of keys) {
    const organisation = isUuid(key) ? await findOrganisation(db, key) : await findOrganisationByName(db, key);
    if (organisation) found.push(organisation);
    else unknown.push(key);
  }
  if (unknown.length > 0) {
    throw new CliError(`no organisation with id or name ${unknown.map((key) => `"${key}"`).join(', ')} (list them with: vigil org list); the plan's marking was not changed`, ExitCode.Usage);
  }
  return found;
}

async function markPlanCommand(planKey: string, options: { tlp: string; shareWith?: string[]; shareWithNone?: boolean; json?: boolean }): Promise<void> {
  const tlp = TlpSchema.safeParse(options.tlp.toLowerCase().replace(/^tlp:/, ''));
  if (!tlp.success) throw new CliError(`--tlp takes ${TLP_LEVELS.join(', ')}, not "${options.tlp}"`, ExitCode.Usage);
  if (options.shareWith !== undefined && options.shareWithNone) throw new CliError('give --share-with or --share-with-none, not both', ExitCode.Usage);
  await withDatabase(async ({ db }) => {
    const plan = await planByIdOrTitle(db, planKey);
    // Without --share-with the plan keeps its list; --share-with replaces it; --share-with-none empties it.
    const sharedWith = options.shareWithNone
      ? []
      : options.shareWith !== undefined
        ? (await organisationsByIdOrName(db, options.shareWith)).map((organisation) => organisation.id)
        : plan.sharedWithOrganisationIds;
    const level: Tlp = tlp.data;
    let updated: ContingencyPlan;
    try {
      updated = await setPlanMarking(db, { actor: cliActor('respond plans marking'), now: new Date() }, plan.id, { tlp: level, sharedWithOrganisationIds: sharedWith });
    } catch (error) {
      if (error instanceof InputError) throw problemList(planKey, error.problems, "the plan's marking was not changed");
      throw error;
    }
    const names = await organisationNames(db, [updated]);
    if (options.json) printJson({ ...updated, sharedWithOrganisations: updated.sharedWithOrganisationIds.map((id) => ({ id, name: names.get(id) ?? id })) });
    else for (const line of planLines(updated, names)) println(line);
  });
}

/** Registers `vigil respond sla-policy …` and `vigil respond plans …`. */
export function registerRespondPolicyCommands(program: Command): void {
  const respond = respondCommand(program);
  const sla = respond.command('sla-policy').description("The installation's SLA policy (times to acknowledge and update per calendar phase and severity)");
  sla
    .command('show')
    .description('Print the SLA policy in force as phase × severity tables, or as the JSON document that set takes')
    .option('--json', 'print the policy as JSON (the shape of PUT /api/v1/respond/sla-policy)')
    .action(showSlaPolicyCommand);
  sla
    .command('set')
    .description('Set the SLA policy from a JSON file (the shape of PUT /api/v1/respond/sla-policy, in minutes); validated whole, audited, nothing written on failure')
    .argument('<file>', 'the policy file, or - for standard input')
    .option('--json', 'print the policy set as JSON')
    .action(setSlaPolicyCommand);
  const plans = respond.command('plans').description('Contingency plans of elections');
  plans
    .command('list')
    .description('List contingency plans with their TLP marking and who they are shared with (every plan: the operator is not filtered by TLP)')
    .option('--election <id>', 'only the plans of this election')
    .option('--json', 'machine-readable output')
    .action(listPlansCommand);
  plans
    .command('marking')
    .description("Change a plan's TLP marking and the organisations it is shared with besides its decision owner (audited as plan.mark)")
    .argument('<plan>', 'the plan, by id or exact title')
    .requiredOption('--tlp <level>', TLP_LEVELS.join(' | '))
    .option('--share-with <organisations...>', 'share with exactly these organisations (ids or exact names); replaces the current list')
    .option('--share-with-none', 'share with no organisation besides the decision owner')
    .option('--json', 'print the plan as JSON')
    .action(markPlanCommand);
}
