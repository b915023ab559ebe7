import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Every JSON log line printed so far. */
  logs: Record<string, unknown>[];
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `npm start`'s entry point as a real process, the way a user does. */
export const spawnServer = (env: Record<string, string>) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);

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
            return exited;
          },
        });
      }
    });
    exited.then((code) =>
      reject(new Error(`server exited with ${code} before listening: ${stderr}`)),
    );
  });
  return { ready, exited, stderr: () => stderr };
};
