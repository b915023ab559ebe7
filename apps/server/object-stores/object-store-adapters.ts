import type { z } from 'zod';
import type { SignedObjectUrlVerifier } from '../../../adapters/fastify/signed-objects.route';
import type { HealthCheck } from '../../../ports/health-check.port';
import type { ObjectStore } from '../../../ports/object-store.port';
import type { StoreContext } from '../stores/store-adapters';

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

/**
 * Reads a store's own variables from the environment with `schema`; a bad or missing value
 * stops start-up with one line naming the variable, like apps/server/config.ts does.
 */
export const readSettings = <S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> => {
  const known = Object.fromEntries(
    Object.keys(schema.shape).map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const result = schema.safeParse(known);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0]);
  throw new Error(
    `Invalid configuration: ${name}: ${issue.message} (got ${JSON.stringify(env[name])})`,
  );
};
