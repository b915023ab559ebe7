import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection. */
  closed: boolean;
}

/** Parses the first response on a socket: status, lower-case headers, the body after them. */
export const parseRaw = (text: string, closed: boolean): RawAnswer => {
  const end = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, end === -1 ? text.length : end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return {
    status: Number(statusLine.split(' ')[1] ?? 0),
    headers,
    body: end === -1 ? '' : text.slice(end + 4),
    closed,
  };
};

/**
 * Sends bytes exactly as given (what no HTTP client would send) and reads until the server
 * closes or `waitMs` passes.
 */
export const sendRaw = (
  port: number,
  payload: string | Buffer,
  waitMs = 2000,
): Promise<RawAnswer> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(payload));
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseRaw(Buffer.concat(chunks).toString('utf8'), closed));
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => done(true));
    socket.on('error', () => undefined);
  });

/** A socket that sent `payload` and then says nothing more (a stalled client). */
export const stallAfter = (port: number, payload: string) =>
  new Promise<{ socket: Socket; answer: Promise<RawAnswer> }>((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(payload);
      resolve({ socket, answer });
    });
    const answer = new Promise<RawAnswer>((settle) => {
      socket.on('close', () => settle(parseRaw(Buffer.concat(chunks).toString('utf8'), true)));
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
  });
