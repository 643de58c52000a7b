// Type-checks every workspace with its own tsconfig (pure libraries without Node types,
// the web app with DOM types), then all tests together. Exits non-zero on the first failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['libs', 'apps'];
const projects = roots.flatMap((root) =>
  readdirSync(root)
    .map((name) => join(root, name, 'tsconfig.json'))
    .filter((file) => existsSync(file)),
);
projects.push('bench/tsconfig.json', 'tsconfig.tests.json');
let failed = 0;
for (const project of projects) {
  const result = spawnSync('node', ['node_modules/typescript/bin/tsc', '-p', project], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`type errors in ${project}`);
    failed += 1;
  }
}
process.exit(failed === 0 ? 0 : 1);
