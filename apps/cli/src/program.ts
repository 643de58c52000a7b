import { Command } from 'commander';
import { registerAuditCommands } from './commands/audit';
import { registerDetectCommands } from './commands/detect';

/**
 * The whole `vigil` command tree. Each capability registers its commands here
 * (`vigil <capability> <verb>`); commands that touch data open the database themselves.
 */
export function buildProgram(): Command {
  const program = new Command('vigil')
    .description('Vigil: safeguard elections against foreign interference')
    .version('0.1.0')
    .showHelpAfterError()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerAuditCommands(program);
  registerDetectCommands(program);
  return program;
}
