// Makes sure the browser tests have a Chromium: Debian's package at /usr/bin/chromium, installed with apt
// when missing and we are root; otherwise says what to install. TENURE_CHROMIUM overrides the path.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

const configured = process.env.TENURE_CHROMIUM;
const path = configured || '/usr/bin/chromium';

/** @param {string} executable @returns {string | null} */
function version(executable) {
  try {
    // stderr ignored: Debian's launcher script prints shell noise on some machines.
    return execFileSync(executable, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
    }).trim();
  } catch {
    return null;
  }
}

if (existsSync(path)) {
  console.log(`chromium: ${version(path) ?? path}`);
  process.exit(0);
}
if (configured) {
  console.error(`TENURE_CHROMIUM points to ${configured}, which does not exist.`);
  process.exit(1);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(
    'The browser tests need Chromium at /usr/bin/chromium. Install the Debian/Ubuntu package `chromium` ' +
      '(sudo apt-get install -y chromium), or set TENURE_CHROMIUM=/path/to/chrome.',
  );
  process.exit(1);
}
console.log('chromium is missing: installing Debian package chromium (and CJK fonts for screenshots)…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [
  ['update', '-qq'],
  ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'],
]) {
  const run = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (run.status !== 0) {
    console.error(`apt-get ${args.join(' ')} failed with status ${run.status}`);
    process.exit(1);
  }
}
if (!existsSync(path)) {
  console.error('apt-get finished but /usr/bin/chromium is still missing.');
  process.exit(1);
}
console.log(`chromium: ${version(path)}`);
