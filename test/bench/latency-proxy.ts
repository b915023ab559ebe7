/**
 * A TCP pass-through that delays every chunk by a fixed time in each direction, for
 * `npm run bench:import`: local emulators answer in microseconds, so a batch importer's edge over
 * a per-row loop cannot show against them, while DynamoDB and Table Storage answer over a network
 * where the round trip dominates. With DELAY ms each way, a request and its reply cost 2 x DELAY
 * more, as they would one network hop away. No npm package for this is among our dependencies,
 * and one this small is not worth adding.
 *
 * Each chunk is held from its own arrival, not from when the previous one left, so pipelined or
 * concurrent requests overlap their delays as on a real link instead of queueing behind one
 * another; order is kept. Connection setup is not delayed (the bench's clients keep sockets
 * alive, so it is paid once per socket). No backpressure: a bench's data fits in memory.
 *
 * Its own process (`tsx test/bench/latency-proxy.ts <delayMs> <port>...` prints `{"ports":[...]}`,
 * one per target on 127.0.0.1, and exits when its stdin closes), so the timers fire on time
 * while the measured process is busy, as a network's would.
 */
import { connect, createServer, type Socket } from 'node:net';

/** Forwards what `from` sends to `to`, each chunk (and the end) `delayMs` after it arrived. */
const delayLine = (from: Socket, to: Socket, delayMs: number) => {
  const queue: { chunk: Buffer | null; due: number }[] = [];
  let scheduled = false;
  const schedule = (ms: number) => {
    scheduled = true;
    setTimeout(release, ms);
  };
  const release = () => {
    scheduled = false;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.due <= now) {
      const { chunk } = queue.shift()!;
      if (chunk) to.write(chunk);
      else to.end();
    }
    // A timer may fire up to a millisecond early (the loop's clock is in ms): wait the rest.
    if (queue.length > 0) schedule(queue[0]!.due - now);
  };
  const hold = (chunk: Buffer | null) => {
    queue.push({ chunk, due: performance.now() + delayMs });
    if (!scheduled) schedule(delayMs);
  };
  from.on('data', hold);
  from.on('end', () => hold(null));
};

export const startLatencyProxy = (targetPort: number, delayMs: number): Promise<number> => {
  const server = createServer({ noDelay: true, allowHalfOpen: true }, (client) => {
    // Half-open both ways: each side's end is passed on (delayed) and a socket closes once both
    // directions have ended; a reset closes the other side at once.
    const upstream = connect({ port: targetPort, host: '127.0.0.1', allowHalfOpen: true });
    upstream.setNoDelay(true);
    delayLine(client, upstream, delayMs);
    delayLine(upstream, client, delayMs);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
};

const [delayArg, ...targets] = process.argv.slice(2);
if (delayArg && targets.length > 0) {
  const ports = await Promise.all(
    targets.map((target) => startLatencyProxy(Number(target), Number(delayArg))),
  );
  process.stdout.write(`${JSON.stringify({ ports })}\n`);
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
