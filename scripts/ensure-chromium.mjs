// The dashboard's browser tests drive Debian's chromium (no browser download: these machines have no internet).
// Installs it with apt-get when it is missing and this process may; otherwise says what to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && !process.env.CHROMIUM_PATH;
if (!canInstall) {
  console.error(`The browser tests need Chromium at ${path}: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}
console.log('Chromium is missing: installing Debian\'s chromium with apt-get for the browser tests…');
const install = () => execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
try {
  install();
} catch {
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  install();
}
