import { z } from 'zod';
import { TableStore } from '../../../adapters/azure/tables/table-store';
import { openTableStore } from '../../composition/stores/azure-tables';
import { readEnv } from '../../config/read-env';
import type { AnyModule } from '../../modules/domain-module';
import { AZURE_CONNECTION, AZURE_SECRETS } from '../azure-connection';

const settingsSchema = z.object({
  ...AZURE_CONNECTION,
  /** Tables `<prefix>records` and `<prefix>processed`: letters and digits, starting with a letter. */
  AZURE_TABLES_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,53}$/, 'letters and digits, starting with a letter')
    .default('onecore'),
});

/**
 * STORE=azure-tables: every server of a fleet shares one storage account's tables. Changes and
 * their events commit in one entity-group transaction; this server relays the outbox to its
 * in-process bus as it does with SQLite (on Azure Functions the relay feeds a Storage Queue).
 */
export const openTablesFromEnv = (
  modules: readonly AnyModule[],
  env: Record<string, string | undefined>,
) => {
  const settings = readEnv(settingsSchema, env, { secrets: AZURE_SECRETS });
  return openTableStore(
    modules,
    new TableStore({
      connectionString: settings.AZURE_STORAGE_CONNECTION_STRING,
      tablePrefix: settings.AZURE_TABLES_PREFIX,
    }),
  );
};
