import { connect } from 'node:net';
import { parseRaw, type RawAnswer } from '../support/raw-http';
import type { HostileRequest } from './hostile-requests';

/** One request on its own connection, exactly as given; the answer once the server closes. */
export const sendHostile = (port: number, request: HostileRequest): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const head = [
      `${request.method} ${request.target} HTTP/1.1`,
      'host: 127.0.0.1',
      'connection: close',
      ...request.headers.map(([name, value]) => `${name}: ${value}`),
      ...(request.body ? [`content-length: ${request.body.length}`] : []),
    ].join('\r\n');
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`${head}\r\n\r\n`);
      if (request.body) socket.write(request.body);
    });
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`no answer to ${request.method} ${request.target.slice(0, 80)}`));
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    // The server may close while we still write a body it refused: the answer is what came.
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(parseRaw(Buffer.concat(chunks).toString('utf8'), true)));
  });

/** Runs `tasks` with at most `limit` in flight. */
export const inPool = async <T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> => {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
};
