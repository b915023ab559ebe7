import { ApiKeyService } from '../../../domain/access/api-key-service';
import type { ApiKeyStore } from '../../../ports/api-key-store.port';
import { defineModule } from '../domain-module';

export interface AccessStores {
  apiKeys: ApiKeyStore;
}

export interface AccessServices {
  apiKeys: ApiKeyService;
}

/**
 * API keys, kept in the app's record store like any domain's records, so a key made once with
 * the CLI works on every instance and door. It serves no routes: keys are made, listed and
 * revoked from the command line; the HTTP layer only verifies them.
 */
export const accessModule = defineModule<AccessStores, AccessServices>({
  name: 'access',
  errors: {},
  stores: {
    memory: () => import('./access.memory').then((slice) => slice.accessOnMemory),
    sqlite: () => import('./access.sqlite').then((slice) => slice.accessOnSqlite),
    dynamodb: () => import('./access.dynamodb').then((slice) => slice.accessOnDynamoDb),
    'azure-tables': () => import('./access.tables').then((slice) => slice.accessOnTables),
  },
  services: ({ stores, clock }) => ({ apiKeys: new ApiKeyService(stores.apiKeys, clock) }),
});
