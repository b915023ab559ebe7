import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbHealthCheck } from './health-check.dynamodb';
import { DynamoDbImportStore } from './import-store.dynamodb';
import { DynamoDbInventoryRepository } from './inventory-repository.dynamodb';
import { DynamoDbOrderRepository } from './order-repository.dynamodb';
import { DynamoDbProcessedEventStore } from './processed-event-store.dynamodb';
import {
  NativeTransactionWriter,
  SequentialTransactionWriter,
  type TransactionWriter,
} from './transaction-writer';
import { DynamoDbUserRepository } from './user-repository.dynamodb';

/**
 * `native`: TransactWriteItems (AWS, and any emulator that has it). `sequential`: the same writes
 * one by one with compensation, NOT atomic, for dynalite in tests only (see transaction-writer.ts).
 */
export type TransactionMode = 'native' | 'sequential';

export interface DynamoDbStoreOptions {
  /** The document client from createDynamoDbClients (built once per container). */
  client: DynamoDBDocumentClient;
  tableName: string;
  transactions?: TransactionMode;
}

/** Every record port on one DynamoDB table; events leave through the table's stream. */
export const createDynamoDbStore = ({
  client,
  tableName,
  transactions = 'native',
}: DynamoDbStoreOptions) => {
  const writer: TransactionWriter =
    transactions === 'sequential'
      ? new SequentialTransactionWriter(client)
      : new NativeTransactionWriter(client);
  const options = { doc: client, tableName, writer };
  return {
    users: new DynamoDbUserRepository(options),
    orders: new DynamoDbOrderRepository(options),
    inventory: new DynamoDbInventoryRepository({ doc: client, tableName }),
    imports: new DynamoDbImportStore({ doc: client, tableName }),
    processed: new DynamoDbProcessedEventStore({ doc: client, tableName }),
    healthCheck: new DynamoDbHealthCheck({ doc: client, tableName }),
  };
};

export type DynamoDbStore = ReturnType<typeof createDynamoDbStore>;
