import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../ports/logger.port';

/**
 * The admin console's Content-Security-Policy: the page runs only the script and style it was
 * served with (no inline code, no CDN), shows thumbnails it fetched itself (blob: object URLs),
 * and may call this origin, any door over TLS (`https:`/`wss:`), since the console can be
 * pointed at a Lambda or Azure URL, and doors on this machine (`func start`, a second server).
 * Other plain-http doors are refused: the page would send its API key in clear across a network.
 * Proven in a real browser by test/browser/console.test.ts.
 */
const LOOPBACK = [
  'http://localhost:*',
  'http://127.0.0.1:*',
  'ws://localhost:*',
  'ws://127.0.0.1:*',
];
export const CONSOLE_CSP: Record<string, string> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' blob: data:",
  'connect-src': `'self' https: wss: ${LOOPBACK.join(' ')}`,
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
  'object-src': "'none'",
};

const cspHeader = Object.entries(CONSOLE_CSP)
  .map(([directive, value]) => `${directive} ${value}`)
  .join('; ');

export const CONSOLE_PREFIX = '/admin/';
const NOT_BUILT = 'the admin console is not built: run `npm run build:console`, then restart';

export interface AdminConsoleOptions {
  /** The built bundle (index.html and its hashed assets); see apps/console/build.ts. */
  dir: string;
  logger: Logger;
}

/**
 * Serves the built console at /admin/. Asset names carry their content hash, so they are cached
 * for a year; index.html is revalidated on every load, so a new build is picked up at once.
 * The build writes .br and .gz copies beside each file, served as is to browsers that accept them.
 * Without a bundle the server still starts (the API does not need it) and says what to run.
 */
export const registerAdminConsole = async (
  app: FastifyInstance,
  { dir, logger }: AdminConsoleOptions,
): Promise<boolean> => {
  if (!existsSync(join(dir, 'index.html'))) {
    logger.warn({ dir }, `admin console not built: ${NOT_BUILT}`);
    // A person opening /admin reads why, rather than the API's 404.
    for (const url of ['/admin', CONSOLE_PREFIX]) {
      app.get(url, (_request, reply) =>
        reply.code(503).header('content-type', 'text/plain; charset=utf-8').send(`${NOT_BUILT}\n`),
      );
    }
    return false;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: CONSOLE_PREFIX,
    // `/admin` redirects to `/admin/`, so the page's relative asset URLs resolve under it.
    redirect: true,
    wildcard: false,
    preCompressed: true,
    decorateReply: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('content-security-policy', cspHeader);
      reply.header(
        'cache-control',
        path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      );
    },
  });
  return true;
};
