// `npm run test:e2e`: runs every test/e2e/*.e2e.mjs with Node's test runner, one file at a time (2 cores).
// `node test/e2e/run.mjs workbench` runs only the files whose name contains `workbench`. TENURE_DIST points the
// static server at another build directory (default `dist`).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

process.chdir(fileURLToPath(new URL('../..', import.meta.url)));
const dist = process.env.TENURE_DIST || 'dist';
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`No build found at ${join(dist, 'index.html')}: run \`npm run build\` first.`);
  process.exit(1);
}
const only = process.argv.slice(2);
const files = readdirSync('test/e2e')
  .filter((f) => f.endsWith('.e2e.mjs') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort()
  .map((f) => `test/e2e/${f}`);
if (files.length === 0) {
  // With no files, `node --test` would run its default globs over the whole repository.
  console.error(`No test/e2e/*.e2e.mjs file matches ${only.join(', ') || '(all)'}.`);
  process.exit(1);
}
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => child.kill(signal));
}
