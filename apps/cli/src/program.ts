import { Command } from 'commander';
import { registerAuditCommands } from './commands/audit';
import { registerDetectCommands } from './commands/detect';
import { registerPlatformCommands } from './commands/platform';
import { registerRespondCaseCommands } from './commands/respond-cases';
import { registerRespondPolicyCommands } from './commands/respond-policy';
import { registerRespondReportCommands } from './commands/respond-reports';
import { registerShareCommands } from './commands/share';

/**
 * The whole `vigil` command tree. Each capability registers its commands here
 * (`vigil <capability> <verb>`); commands that touch data open the database themselves.
 */
export function buildProgram(): Command {
  const program = new Command('vigil')
    .description('Vigil: safeguard elections against foreign interference')
    .version('0.1.0')
    .showHelpAfterError()
    // Errors reach main() as exceptions (set before subcommands exist, which inherit it).
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerPlatformCommands(program);
  registerAuditCommands(program);
  registerDetectCommands(program);
  registerShareCommands(program);
  registerRespondCaseCommands(program);
  registerRespondReportCommands(program);
  registerRespondPolicyCommands(program);
  return program;
}
