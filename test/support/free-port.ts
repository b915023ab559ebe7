import { createServer } from 'node:net';

/**
 * A loopback port free now, for a server that must know its own origin before it listens (the
 * filesystem store's presigned links) or listen again on the same one after a restart.
 */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
