/**
 * Platform commands: serve, migrate, user, org, jurisdiction, audit-log. They work on the
 * database that VIGIL_DATA_DIR or DATABASE_URL names, with no server running.
 */
import {
  InputError,
  DuplicateError,
  addMembership,
  createOrganisation,
  createUser,
  exportJurisdictionsCsv,
  findCredentials,
  findOrganisation,
  findOrganisationByName,
  importJurisdictionsCsv,
  listOrganisations,
  listUsers,
  migrateToLatest,
  openDatabase,
  setPasswordHash,
  verifyAuditChain,
} from '@vigil/db';
import type { Organisation, Role } from '@vigil/domain';
import { EmailSchema, ORGANISATION_TYPES, OrganisationTypeSchema, PasswordSchema, ROLES, RoleSchema } from '@vigil/domain';
import { hashPassword, start } from '@vigil/server';
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CliError, ExitCode } from '../cli-error';
import { cliActor, databaseLocation, describeLocation, withDatabase } from '../cli-env';
import { printJson, println, readInputFile, readStdin } from '../io';
import type { Executor } from '@vigil/db';

function parseOr2<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CliError(`${what}: ${parsed.error.issues.map((i) => i.message).join('; ')}`, ExitCode.Usage);
  return parsed.data;
}

async function organisationByIdOrName(db: Executor, key: string): Promise<Organisation> {
  const organisation = /^[0-9a-f-]{36}$/i.test(key) ? await findOrganisation(db, key) : await findOrganisationByName(db, key);
  if (!organisation) throw new CliError(`no organisation with id or name "${key}" (list them with: vigil org list)`, ExitCode.Usage);
  return organisation;
}

function context(command: string) {
  return { actor: cliActor(command), now: new Date() };
}

function rethrowInput(error: unknown): never {
  if (error instanceof InputError) {
    throw new CliError(`invalid input:\n${error.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`, ExitCode.Usage);
  }
  if (error instanceof DuplicateError) throw new CliError(error.message, ExitCode.Usage);
  throw error;
}

/** Registers the platform commands. */
export function registerPlatformCommands(program: Command): void {
  program
    .command('serve')
    .description('Run the Vigil server (as npm start does; configure with PORT, VIGIL_DATA_DIR, DATABASE_URL, VIGIL_DEMO …)')
    .option('--port <port>', 'port to listen on (default: PORT or 8080)')
    .action(async (options: { port?: string }) => {
      await start({ ...process.env, ...(options.port ? { PORT: options.port } : {}) });
      // Keep running until a signal stops the server.
      await new Promise<never>(() => undefined);
    });

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const location = databaseLocation();
      const database = await openDatabase(location).catch((error: Error) => {
        throw new CliError(error.message, ExitCode.Failure);
      });
      try {
        const { applied } = await migrateToLatest(database.db);
        if (options.json) printJson({ applied, database: database.engine });
        else println(applied.length ? `Applied ${applied.join(', ')} to the ${describeLocation(location)}.` : `The ${describeLocation(location)} is up to date.`);
      } finally {
        await database.close();
      }
    });

  const user = program.command('user').description('User accounts');
  user
    .command('create')
    .description('Create a user; the password comes from standard input')
    .requiredOption('--email <email>', 'e-mail address (the login)')
    .option('--name <name>', 'display name (default: the part of the e-mail before @)')
    .option('--admin', 'make the user a platform administrator')
    .option('--org <id-or-name>', 'organisation to add the user to')
    .option('--role <role>', `role in --org (${ROLES.join(', ')})`, 'viewer')
    .requiredOption('--password-stdin', 'read the password from standard input (first line)')
    .option('--json', 'machine-readable output')
    .action(async (options: { email: string; name?: string; admin?: boolean; org?: string; role: string; json?: boolean }) => {
      const email = parseOr2(EmailSchema, options.email, '--email');
      const role: Role = parseOr2(RoleSchema, options.role, '--role');
      const password = parseOr2(PasswordSchema, (await readStdin()).split(/\r?\n/)[0] ?? '', 'password on standard input');
      const created = await withDatabase(async ({ db }) => {
        const organisation = options.org ? await organisationByIdOrName(db, options.org) : null;
        return createUser(db, context('user create'), {
          email,
          name: options.name ?? email.split('@')[0] ?? email,
          passwordHash: await hashPassword(password),
          isAdmin: options.admin ?? false,
          memberships: organisation ? [{ organisationId: organisation.id, role }] : [],
        }).catch(rethrowInput);
      });
      if (options.json) printJson(created);
      else println(`Created ${created.email}${created.isAdmin ? ' (administrator)' : ''}${created.memberships.map((m) => `, ${m.role} in ${m.organisationName}`).join('')}.`);
    });

  user
    .command('set-password')
    .description("Replace a user's password (from standard input) and end their sessions")
    .requiredOption('--email <email>', 'the user')
    .requiredOption('--password-stdin', 'read the new password from standard input (first line)')
    .action(async (options: { email: string }) => {
      const email = parseOr2(EmailSchema, options.email, '--email');
      const password = parseOr2(PasswordSchema, (await readStdin()).split(/\r?\n/)[0] ?? '', 'password on standard input');
      await withDatabase(async ({ db }) => {
        const credentials = await findCredentials(db, email);
        if (!credentials) throw new CliError(`no user with e-mail ${email}`, ExitCode.Usage);
        await setPasswordHash(db, context('user set-password'), { userId: credentials.id, passwordHash: await hashPassword(password) });
      });
      println(`Password of ${email} replaced; their sessions have ended.`);
    });

  user
    .command('list')
    .description('List users')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const users = await withDatabase(async ({ db }) => (await listUsers(db, { limit: 100_000 })).items);
      if (options.json) printJson({ users });
      else for (const u of users) println(`${u.email}\t${u.isAdmin ? 'admin' : ''}\t${u.memberships.map((m) => `${m.role}@${m.organisationName}`).join(', ')}${u.disabled ? '\t(disabled)' : ''}`);
    });

  user
    .command('add-role')
    .description('Give a user a role in an organisation')
    .requiredOption('--email <email>', 'the user')
    .requiredOption('--org <id-or-name>', 'the organisation')
    .requiredOption('--role <role>', ROLES.join(', '))
    .action(async (options: { email: string; org: string; role: string }) => {
      const role = parseOr2(RoleSchema, options.role, '--role');
      await withDatabase(async ({ db }) => {
        const credentials = await findCredentials(db, options.email);
        if (!credentials) throw new CliError(`no user with e-mail ${options.email}`, ExitCode.Usage);
        const organisation = await organisationByIdOrName(db, options.org);
        await addMembership(db, context('user add-role'), { userId: credentials.id, organisationId: organisation.id, role });
      });
      println(`${options.email} is ${role} in ${options.org}.`);
    });

  const org = program.command('org').description('Organisations');
  org
    .command('create')
    .description('Create an organisation')
    .requiredOption('--name <name>', 'its name (unique)')
    .requiredOption('--type <type>', ORGANISATION_TYPES.join(', '))
    .option('--country <code>', 'ISO 3166-1 alpha-2 country code')
    .option('--json', 'machine-readable output')
    .action(async (options: { name: string; type: string; country?: string; json?: boolean }) => {
      const type = parseOr2(OrganisationTypeSchema, options.type, '--type');
      const created = await withDatabase(({ db }) =>
        createOrganisation(db, context('org create'), { name: options.name.trim(), type, country: options.country?.toUpperCase() ?? null }).catch(rethrowInput),
      );
      if (options.json) printJson(created);
      else println(`Created ${created.name} (${created.type}), id ${created.id}.`);
    });

  org
    .command('list')
    .description('List organisations')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const organisations = await withDatabase(async ({ db }) => (await listOrganisations(db, { limit: 100_000 })).items);
      if (options.json) printJson({ organisations });
      else for (const o of organisations) println(`${o.id}\t${o.type}\t${o.name}`);
    });

  const jurisdiction = program.command('jurisdiction').description('The jurisdiction tree (international → national → regional → local)');
  jurisdiction
    .command('import')
    .description('Import jurisdictions from CSV: validates every row first, then writes all or nothing')
    .argument('<file>', 'CSV file (path,level,code,responsible_organisation,contact_name,contact_role,contact_email,contact_phone), or - for stdin')
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = await readInputFile(file);
      const summary = await withDatabase(({ db }) =>
        importJurisdictionsCsv(db, context('jurisdiction import'), { text, fileName: file === '-' ? 'stdin' : basename(file) }).catch(rethrowInput),
      );
      if (options.json) printJson(summary);
      else println(`Imported ${file}: ${summary.created} created, ${summary.updated} updated.`);
    });

  jurisdiction
    .command('export')
    .description('Export the jurisdiction tree as CSV')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (options: { out?: string }) => {
      const csv = await withDatabase(({ db }) => exportJurisdictionsCsv(db));
      if (options.out) await writeFile(options.out, csv);
      else process.stdout.write(csv);
    });

  program
    .command('audit-log')
    .description('The hash-chained audit log')
    .command('verify')
    .description('Re-compute every link of the chain; exit 1 naming the first broken link')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const result = await withDatabase(({ db }) =>
        verifyAuditChain(db, {
          onProgress: (checked, total) => {
            if (!options.json && process.stderr.isTTY) process.stderr.write(`\rverifying ${checked}/${total}`);
          },
        }),
      );
      if (!options.json && process.stderr.isTTY) process.stderr.write('\n');
      if (options.json) printJson(result);
      else if (result.ok) println(`Audit log intact: ${result.checked} events, every link verified.`);
      else println(`Audit log BROKEN at event ${result.firstBroken?.seq}: ${result.firstBroken?.reason} (${result.checked} events verified before it).`);
      if (!result.ok) process.exitCode = ExitCode.Failure;
    });
}
