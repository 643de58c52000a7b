// `npm run bench -- NAME [args]` runs bench/NAME/index.ts (tsx); without NAME it lists them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(here, entry.name, 'index.ts')))
  .map((entry) => entry.name);
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- NAME [args]\nbenchmarks: ${names.join(', ') || '(none)'}`);
  process.exit(name ? 2 : 0);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--expose-gc', join(here, name, 'index.ts'), ...args],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
