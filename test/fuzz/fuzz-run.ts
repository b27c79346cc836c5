import fc from 'fast-check';

/**
 * How the fuzz tier picks its inputs. Every run draws a fresh seed (a fixed one would test the same inputs
 * forever); a failure prints the seed and the counterexample's path, and `FUZZ_SEED=<n> FUZZ_PATH=<p>` replays
 * exactly that case. `FUZZ_RUNS` scales the number of generated cases (each spec's default fits the tier's
 * budget of about a minute on two cores).
 */
export interface FuzzRunOptions {
  defaultRuns: number;
  /** Shrinking re-runs real I/O: past this budget the smallest counterexample found so far is reported. */
  timeLimitMs: number;
  /** The spec file, so the printed command replays it alone. */
  specFile: string;
}

function envInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

export function fuzzRuns(defaultRuns: number): number {
  return Math.max(1, envInteger('FUZZ_RUNS') ?? defaultRuns);
}

/** Runs the property; on failure throws an error that starts with the command replaying it. */
export async function assertFuzz<T>(property: fc.IAsyncProperty<T>, options: FuzzRunOptions): Promise<void> {
  const seed = envInteger('FUZZ_SEED') ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  const path = process.env.FUZZ_PATH?.trim() || undefined;
  const details = await fc.check(property, {
    seed,
    path,
    numRuns: fuzzRuns(options.defaultRuns),
    interruptAfterTimeLimit: options.timeLimitMs,
    // Replaying a path needs endOnFailure, as fast-check's own hint says; a fresh run shrinks.
    endOnFailure: path !== undefined,
  });
  if (!details.failed) {
    if (details.interrupted) console.warn(`fuzz: ${options.specFile} stopped after ${details.numRuns} runs at its time limit (seed ${seed})`);
    return;
  }
  const replay = `FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} NODE_OPTIONS=--experimental-vm-modules npx jest --runInBand ${options.specFile}`;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const report = `What failed: ${truncate(cause, 4_000)}\n\n${truncate(fc.defaultReportMessage(details) ?? '', 4_000)}`;
  console.error(`fuzz failure — replay with:\n  ${replay}\n`);
  throw new Error(`fuzz failure (seed ${details.seed}, path ${details.counterexamplePath}) — replay with:\n  ${replay}\n\n${report}`);
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}
