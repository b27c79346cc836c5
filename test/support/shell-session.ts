import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { eventually } from './poll';

export interface BlockResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * One bash process fed command blocks one after the other, as a reader pastes them into a terminal: variables set by
 * one block are there for the next. Each block's output is what it printed before a marker written after it.
 */
export class ShellSession {
  private stdout = '';
  private stderr = '';

  private constructor(private readonly shell: ChildProcess) {
    shell.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    shell.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  static start(env: NodeJS.ProcessEnv): ShellSession {
    return new ShellSession(spawn('bash', ['--noprofile', '--norc'], { env, stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  async run(code: string, timeoutMs = 30_000): Promise<BlockResult> {
    const marker = `__block_done_${randomUUID()}__`;
    const [outStart, errStart] = [this.stdout.length, this.stderr.length];
    this.shell.stdin!.write(`${code}\nprintf '\\n%s %s\\n' ${marker} "$?"\n`);
    const done = await eventually(() => new RegExp(`\\n${marker} (\\d+)\\n`).exec(this.stdout.slice(outStart)), {
      timeoutMs,
      what: `the block to finish:\n${code}`,
    });
    return {
      stdout: this.stdout.slice(outStart, outStart + done.index),
      stderr: this.stderr.slice(errStart),
      exitCode: Number(done[1]),
    };
  }

  /** The value of a shell variable a block set. */
  async variable(name: string): Promise<string> {
    return (await this.run(`printf '%s' "$${name}"`)).stdout;
  }

  stop(): void {
    this.shell.stdin!.end();
    this.shell.kill('SIGKILL');
  }
}
