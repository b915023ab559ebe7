import {
  apiKeyPartitions,
  TableApiKeyStore,
} from '../../../adapters/azure/tables/api-key-store.tables';
import type { TableStore } from '../../../adapters/azure/tables/table-store';

export const accessOnTables = {
  partitions: apiKeyPartitions,
  create: (store: TableStore) => ({ apiKeys: new TableApiKeyStore(store) }),
};
