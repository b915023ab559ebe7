import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactionMode } from './transaction-mode';
import {
  NativeTransactionWriter,
  SequentialTransactionWriter,
  type TransactionWriter,
} from './transaction-writer';

/** The single table as every repository on it takes it: events leave through its stream. */
export interface DynamoDbTable {
  /** The document client from createDynamoDbClients (built once per container). */
  doc: DynamoDBDocumentClient;
  tableName: string;
  writer: TransactionWriter;
}

export const openDynamoDbTable = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  transactions?: TransactionMode;
}): DynamoDbTable => ({
  doc: options.client,
  tableName: options.tableName,
  writer:
    options.transactions === 'sequential'
      ? new SequentialTransactionWriter(options.client)
      : new NativeTransactionWriter(options.client),
});
