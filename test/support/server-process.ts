import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Every JSON log line printed so far. */
  logs: Record<string, unknown>[];
  /** Sends a signal and resolves with the exit code once all output is read. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts a process that prints the server's JSON log lines and resolves `ready` at its
 * `Server listening at` line. `detached` gives it a process group of its own, as a terminal
 * does, so that a signal can go to the whole group (Ctrl-C).
 */
const spawnLogging = (
  command: string,
  args: string[],
  env: Record<string, string>,
  detached = false,
) => {
  const child = spawn(command, args, {
    // No rate limit: these tests write in bursts from one address (kill -9 under load).
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', RATE_LIMIT_PER_SECOND: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  // After the exit, once every process that shares its stdout and stderr has closed them.
  const closed = once(child, 'close').then(() => undefined);

  const ready = new Promise<ServerProcess>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      logs.push(entry);
      const match = /^Server listening at (http:\/\/[^\s]+)/.exec(String(entry.msg));
      if (match?.[1]) {
        resolve({
          child,
          baseUrl: match[1],
          logs,
          stop: async (signal = 'SIGTERM') => {
            child.kill(signal);
            await closed;
            return exited;
          },
        });
      }
    });
    exited.then((code) =>
      reject(new Error(`${command} exited with ${code} before listening: ${stderr}`)),
    );
  });
  return { ready, exited, closed, stderr: () => stderr };
};

/** Runs `npm start`'s entry point as a real process, the way a user does. */
export const spawnServer = (env: Record<string, string>) =>
  spawnLogging(process.execPath, ['--import', 'tsx', 'apps/server/main.ts'], env);

/**
 * Runs the real `npm start`: the npm that runs this test when it set `npm_execpath`,
 * else the one on PATH. The child is npm; the server is whatever its script starts.
 */
export const spawnNpmStart = (env: Record<string, string>, { detached = false } = {}) => {
  const npm = process.env.npm_execpath;
  return npm && /\.[cm]?js$/.test(npm)
    ? spawnLogging(process.execPath, [npm, 'start'], env, detached)
    : spawnLogging('npm', ['start'], env, detached);
};

interface ProcessRow {
  pid: number;
  ppid: number;
  command: string;
}

/** Every live process, from `ps` (Linux and macOS); a zombie, exited but not reaped, is not live. */
const liveProcesses = (): ProcessRow[] =>
  execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null && !match[3]!.startsWith('Z'))
    .map((match) => ({ pid: Number(match![1]), ppid: Number(match![2]), command: match![4]! }));

/** A live process and its live descendants, parents first. */
export const processTree = (root: number): ProcessRow[] => {
  const rows = liveProcesses();
  const tree = rows.filter((row) => row.pid === root);
  for (let i = 0; i < tree.length; i++) {
    tree.push(...rows.filter((row) => row.ppid === tree[i]!.pid));
  }
  return tree;
};

/** Those of `pids` that still run. */
export const stillRunning = (pids: number[]): number[] => {
  const live = new Set(liveProcesses().map((row) => row.pid));
  return pids.filter((pid) => live.has(pid));
};
