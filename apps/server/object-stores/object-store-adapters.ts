import type { SignedObjectUrlVerifier } from '../../../adapters/fastify/signed-objects.route';
import type { HealthCheck } from '../../../ports/health-check.port';
import type { ObjectStore } from '../../../ports/object-store.port';
import { readEnv } from '../../config/read-env';
import type { StoreContext } from '../stores';

export interface ObjectStoreAdapters {
  objects: ObjectStore;
  healthChecks: HealthCheck[];
  /**
   * Present when this server must itself serve the URLs `presignGet` hands out (the
   * filesystem store): checks a URL's signature for the GET /objects/* route.
   */
  verifySignedUrl?: SignedObjectUrlVerifier;
  close?(): Promise<void> | void;
}

export type ObjectStoreFactory = (
  context: StoreContext,
) => Promise<ObjectStoreAdapters> | ObjectStoreAdapters;

/** A store's own variables, read like every other setting (apps/config/read-env.ts). */
export const readSettings = readEnv;
