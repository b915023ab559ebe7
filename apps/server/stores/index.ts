import { join } from 'node:path';
import type { OpenStore } from '../../composition/stores/open-store';
import type { AnyModule, StoreKind } from '../../modules/domain-module';

export interface StoreContext {
  dataDir: string;
  /** The process environment, for store-specific settings (table names, endpoints). */
  env: Record<string, string | undefined>;
}

export type StoreOpener = (
  modules: readonly AnyModule[],
  context: StoreContext,
) => Promise<OpenStore>;

/**
 * STORE=<kind>: each opener is imported only when chosen, so a server on SQLite never loads
 * the AWS or Azure SDKs.
 */
export const storeOpeners: Record<StoreKind, StoreOpener> = {
  sqlite: async (modules, { dataDir }) =>
    (await import('../../composition/stores/sqlite')).openSqliteStore(
      modules,
      join(dataDir, 'app.db'),
    ),
  memory: async (modules) =>
    (await import('../../composition/stores/memory')).openMemoryStore(modules),
  dynamodb: async (modules, { env }) =>
    (await import('./dynamodb.store')).openDynamoDbFromEnv(modules, env),
  'azure-tables': async (modules, { env }) =>
    (await import('./azure-tables.store')).openTablesFromEnv(modules, env),
};
