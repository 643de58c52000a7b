#!/usr/bin/env node
// The `vigil` command. Sources are TypeScript; tsx compiles them on the fly, so the CLI
// runs straight from a checkout after `npm ci` (`npx vigil …`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
