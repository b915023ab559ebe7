import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { FsObjectStoreHealthCheck } from '../../../adapters/local/health-check.fs';
import { FsObjectStore } from '../../../adapters/local/object-store.fs';
import { type ObjectStoreFactory, readSettings } from './object-store-adapters';

const settingsSchema = z.object({
  /** Origin the server is reached on from outside (behind a proxy, in a container). */
  OBJECTS_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  OBJECTS_SIGNING_SECRET: z.string().min(32, 'Use at least 32 characters').optional(),
  HOST: z.string().optional(),
  PORT: z.string().optional(),
});

/** Where a client on this machine reaches the server; a wildcard listen address is not one. */
const localUrl = (host = 'localhost', port = '3000') => {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
};

/**
 * OBJECTS=fs (the default): files under DATA_DIR/objects, presigned URLs served by this
 * server's GET /objects/* and signed with OBJECTS_SIGNING_SECRET.
 */
export const fsObjectStore: ObjectStoreFactory = async ({ dataDir, env }) => {
  const settings = readSettings(settingsSchema, env);
  const root = join(dataDir, 'objects');
  await mkdir(root, { recursive: true });
  const objects = new FsObjectStore({
    root,
    publicBaseUrl: settings.OBJECTS_PUBLIC_URL ?? localUrl(settings.HOST, settings.PORT),
    // Without a configured secret each process makes its own: URLs it presigned then stop
    // working on restart, and instances behind one load balancer refuse each other's.
    signingSecret: settings.OBJECTS_SIGNING_SECRET ?? randomBytes(32),
  });
  return {
    objects,
    healthChecks: [new FsObjectStoreHealthCheck(root)],
    verifySignedUrl: (key, expires, signature) => objects.verifySignedUrl(key, expires, signature),
  };
};
