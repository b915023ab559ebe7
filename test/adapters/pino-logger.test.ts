import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOGGER = fileURLToPath(new URL('../../adapters/pino/logger.pino.ts', import.meta.url));

/** Runs `body` in a fresh node process with `log` = the server's buffered stdout logger. */
const runLogger = (body: string) => {
  const script = `const { createPinoLogger } = await import(${JSON.stringify(LOGGER)});
const log = createPinoLogger({ flushEveryMs: 50 });
${body}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const lines = () =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; n?: number });
  /** Resolves with the lines once `msg` was written, while the process still runs. */
  const until = async (msg: string) => {
    while (!lines().some((line) => line.msg === msg)) {
      if (child.exitCode !== null) throw new Error(`exited before "${msg}": ${stdout}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    return lines();
  };
  return { child, exited, lines, until };
};

describe('the server logger (buffered stdout)', () => {
  it('writes a lone line of a quiet process within its flush interval, not when the buffer fills', async () => {
    const run = runLogger(
      `log.info({}, 'started'); setTimeout(() => log.info({}, 'never'), 60_000);`,
    );
    try {
      const lines = await run.until('started');
      expect(run.child.exitCode).toBeNull(); // written by the timer, the process still alive
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 30, service: 'one-core', msg: 'started' });
    } finally {
      run.child.kill();
    }
  }, 20_000);

  it('loses no line when the process exits right after writing, even on an uncaught error', async () => {
    const run = runLogger(`
for (let n = 0; n < 2000; n += 1) log.info({ n }, 'line');
log.error({ err: new Error('boom') }, 'last words');
throw new Error('crash');`);
    expect(await run.exited).toBe(1);
    const lines = run.lines();
    expect(lines.filter((line) => line.msg === 'line').map((line) => line.n)).toEqual(
      Array.from({ length: 2000 }, (_, n) => n),
    );
    expect(lines.at(-1)).toMatchObject({ msg: 'last words', level: 50 });
  }, 20_000);
});
