import { execFile } from 'node:child_process';

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run projections:rebuild` as it runs after the build: the compiled script, against the test database. */
export function rebuildProjections(): Promise<ScriptRun> {
  return new Promise((done) => {
    execFile(process.execPath, ['dist/rebuild-projections.js'], { env: { ...process.env, LOG_LEVEL: 'warn' } }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
