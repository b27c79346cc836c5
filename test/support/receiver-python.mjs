// Which python3 can run the FastAPI receiver example (examples/fastapi-receiver), decided once per test run at run
// time: its test is listed only when one can, and the run says which way it went (see docs/testing.md).
import { execFileSync } from 'node:child_process';

/** The e2e files that run the example with Python. */
export const PYTHON_RECEIVER_E2E = ['test/webhooks/fastapi-receiver.e2e-spec.ts'];

/** What brings FastAPI and uvicorn to Debian's python3 (PyPI is not reachable from these machines; Debian is). */
export const PYTHON_RECEIVER_PACKAGES = ['python3-fastapi', 'python3-uvicorn'];

// The interpreter on PATH first (a pyenv or venv python3 may have its own packages), then Debian's own, which is
// the one python3-fastapi installs for.
const CANDIDATES = ['python3', '/usr/bin/python3'];
const PROBE = 'import sys, importlib.util as u\nif not (u.find_spec("fastapi") and u.find_spec("uvicorn")): sys.exit(1)\nprint(sys.executable)';

/**
 * The path of a python3 that has both fastapi and uvicorn, or '' when none has. Kept in RECEIVER_PYTHON, so the
 * Jest processes started after it (and their workers) read the same answer; set RECEIVER_PYTHON yourself to pick
 * an interpreter, or to '' to leave the test out.
 */
export function receiverPython() {
  if (process.env.RECEIVER_PYTHON !== undefined) return process.env.RECEIVER_PYTHON;
  let found = '';
  for (const python of CANDIDATES) {
    try {
      found = execFileSync(python, ['-c', PROBE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 }).trim();
      if (found) break;
    } catch {
      // not there, or without the packages: the next candidate
    }
  }
  process.env.RECEIVER_PYTHON = found;
  return found;
}

/** One line for the run's output: whether the FastAPI receiver's test runs, and why not when it does not. */
export function receiverPythonNotice() {
  const python = receiverPython();
  return python
    ? `FastAPI receiver example: tested with ${python}`
    : `FastAPI receiver example: NOT tested (${PYTHON_RECEIVER_E2E.join(', ')} not listed): no python3 with fastapi and uvicorn ` +
        `(Debian: apt-get install ${PYTHON_RECEIVER_PACKAGES.join(' ')}; .ci/run tries that itself)`;
}
