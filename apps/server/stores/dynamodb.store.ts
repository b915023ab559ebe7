import { z } from 'zod';
import { createDynamoDbClients } from '../../../adapters/aws/dynamodb/clients';
import { openDynamoDbTable } from '../../../adapters/aws/dynamodb/dynamodb-store';
import { TRANSACTION_MODES } from '../../../adapters/aws/dynamodb/transaction-mode';
import { openDynamoDbStore } from '../../composition/stores/dynamodb';
import { readEnv } from '../../config/read-env';
import type { AnyModule } from '../../modules/domain-module';

const settingsSchema = z.object({
  /** The table the CDK stack created (key schema: adapters/aws/dynamodb/table-design.ts). */
  DYNAMODB_TABLE: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'a DynamoDB table name: 3-255 of a-z A-Z 0-9 _ . -'),
  AWS_REGION: z.string().min(1).optional(),
  AWS_ENDPOINT_URL: z.url({ protocol: /^https?$/ }).optional(),
  AWS_ENDPOINT_URL_DYNAMODB: z.url({ protocol: /^https?$/ }).optional(),
  /** `sequential` only for an emulator without TransactWriteItems (dynalite): NOT atomic. */
  DYNAMODB_TRANSACTIONS: z.enum(TRANSACTION_MODES).default('native'),
});

/**
 * STORE=dynamodb: every server of a fleet shares one DynamoDB table, so instances behind a load
 * balancer see the same data (the SQLite file is per instance). There is no outbox to relay: the
 * table's stream carries every change to the stream Lambda, which publishes the events to
 * EventBridge, so these servers never publish events themselves.
 */
export const openDynamoDbFromEnv = (
  modules: readonly AnyModule[],
  env: Record<string, string | undefined>,
) => {
  const settings = readEnv(settingsSchema, env);
  const clients = createDynamoDbClients(env);
  const table = openDynamoDbTable({
    client: clients.doc,
    tableName: settings.DYNAMODB_TABLE,
    transactions: settings.DYNAMODB_TRANSACTIONS,
  });
  return openDynamoDbStore(modules, table, () => clients.destroy());
};
