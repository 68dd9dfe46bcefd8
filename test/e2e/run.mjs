// `npm run test:e2e`: runs every test/e2e/*.e2e.mjs with Node's test runner, one file at a time (2 cores).
import { existsSync, readdirSync } from 'node:fs';
import { spawn } from 'node:child_process';

if (!existsSync(process.env.TENURE_DIST ?? 'dist/index.html')) {
  console.error('No build found: run `npm run build` first.');
  process.exit(1);
}
const only = process.argv.slice(2);
const files = readdirSync('test/e2e')
  .filter((f) => f.endsWith('.e2e.mjs') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort()
  .map((f) => `test/e2e/${f}`);
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
child.on('exit', (code) => process.exit(code ?? 1));
