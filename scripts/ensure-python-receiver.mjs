// The FastAPI receiver example's test needs a python3 with FastAPI and uvicorn. PyPI is out of reach of these
// machines; Debian has both (python3-fastapi, python3-uvicorn, for Debian's /usr/bin/python3). Installs them with
// apt-get when missing and this process may. Exits non-zero when they are still missing: a caller that can do
// without (CI) goes on, and the test runner then leaves that one test out and says so.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PYTHON_RECEIVER_PACKAGES, receiverPython } from '../test/support/receiver-python.mjs';

const INSTALL_TIMEOUT_MS = 5 * 60_000; // a hung mirror must not hold CI: without the packages one test is left out

if (receiverPython()) process.exit(0);
if (!(process.getuid?.() === 0 && existsSync('/usr/bin/apt-get'))) {
  console.error(`The FastAPI receiver example's test needs: apt-get install ${PYTHON_RECEIVER_PACKAGES.join(' ')} (as root).`);
  process.exit(1);
}
console.log(`No python3 with fastapi and uvicorn: installing Debian's ${PYTHON_RECEIVER_PACKAGES.join(' ')} with apt-get…`);
const apt = (args) => execFileSync('apt-get', args, { stdio: 'inherit', timeout: INSTALL_TIMEOUT_MS, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
try {
  try {
    apt(['install', '-y', '--no-install-recommends', ...PYTHON_RECEIVER_PACKAGES]);
  } catch {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', ...PYTHON_RECEIVER_PACKAGES]);
  }
} catch (error) {
  console.error(`Installing ${PYTHON_RECEIVER_PACKAGES.join(' ')} failed: ${error.message}`);
  process.exit(1);
}
delete process.env.RECEIVER_PYTHON; // look again, now that they are installed
if (!receiverPython()) {
  console.error('Installed, yet no python3 has fastapi and uvicorn importable.');
  process.exit(1);
}
