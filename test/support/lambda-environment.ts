import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';

/*
 * A built Lambda bundle run as Lambda runs it: its own process (the execution environment),
 * its init phase, then one event after another.
 */

/** The entries of a zip, read from its central directory (APPNOTE.TXT §4.3.12, §4.3.16). */
export const readZip = (file: string): Map<string, Buffer> => {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + skip;
  }
  return entries;
};

/**
 * One execution environment: a fresh `node` imports a built bundle (the init phase) and then
 * hands its handler each event sent on stdin, one at a time, as Lambda reuses a warm
 * environment: the first invocation is `cold-1`, the next `warm-2`... A handler that throws is
 * reported as `error`, as Lambda's runtime would, rather than ending the process.
 */
const HOST = (bundle: string) => `
  import { createInterface } from 'node:readline';
  const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
  const say = (tag, value) => process.stdout.write(tag + ' ' + JSON.stringify(value) + '\\n');
  say('READY', [process.version, typeof handler]);
  let n = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    n += 1;
    const context = { awsRequestId: n === 1 ? 'cold-1' : 'warm-' + n };
    try {
      say('RESULT', { result: await handler(JSON.parse(line), context) });
    } catch (error) {
      say('RESULT', { error: String(error?.stack ?? error) });
    }
  }
`;

interface Invocation {
  // biome-ignore lint/suspicious/noExplicitAny: results are asserted field by field
  result: any;
  /** What the handler threw, with its stack. */
  error?: string;
  /** The lines the function logged during this invocation. */
  logs: string[];
}

/**
 * Starts a built bundle in its own execution environment with `env` (and PATH) only;
 * resolves once its init phase is done, or rejects with what it wrote on stderr.
 */
export const startFunction = async (
  node: string,
  bundle: string,
  env: Record<string, string> = {},
) => {
  const child = spawn(node, ['--input-type=module', '-e', HOST(bundle)], {
    env: { PATH: process.env.PATH, ...env },
    timeout: 15_000,
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'close');
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  /** Lines up to the next `tag` line, and what that line carries. */
  const upTo = async (tag: string) => {
    const logs: string[] = [];
    for (;;) {
      const { value, done } = await lines.next();
      if (done) {
        await exited;
        throw new Error(`${bundle} exited before ${tag} (code ${child.exitCode}):\n${stderr}`);
      }
      if (value.startsWith(`${tag} `))
        return { said: JSON.parse(value.slice(tag.length + 1)), logs };
      logs.push(value);
    }
  };
  const ready = await upTo('READY');
  const [version, handlerType] = ready.said as [string, string];
  return {
    version,
    handlerType,
    initLogs: ready.logs,
    async invoke(event: unknown): Promise<Invocation> {
      child.stdin.write(`${JSON.stringify(event)}\n`);
      const { said, logs } = await upTo('RESULT');
      return { ...said, logs };
    },
    /** Ends the environment; rejects if it did not exit cleanly. */
    async close() {
      child.stdin.end();
      const [code] = await exited;
      if (code !== 0) throw new Error(`${bundle} exited with ${code}:\n${stderr}`);
    },
  };
};

export type RunningFunction = Awaited<ReturnType<typeof startFunction>>;
