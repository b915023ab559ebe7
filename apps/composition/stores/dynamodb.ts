import type { DynamoDbTable } from '../../../adapters/aws/dynamodb/dynamodb-store';
import { DynamoDbHealthCheck } from '../../../adapters/aws/dynamodb/health-check.dynamodb';
import { type ItemKind, itemKindsOf } from '../../../adapters/aws/dynamodb/item-kind';
import { DynamoDbListBackfill } from '../../../adapters/aws/dynamodb/list-backfill.dynamodb';
import {
  DynamoDbProcessedEventStore,
  processedItemKind,
} from '../../../adapters/aws/dynamodb/processed-event-store.dynamodb';
import type { AnyModule } from '../../modules/domain-module';
import { type OpenStore, storesByModule } from './open-store';

/**
 * Every item kind in the table: the marks' and each module's, checked for overlaps. The stream
 * function derives events from them.
 */
export const dynamoDbItemKinds = async (modules: readonly AnyModule[]): Promise<ItemKind[]> => {
  const slices = await Promise.all(modules.map((module) => module.stores.dynamodb()));
  return itemKindsOf([[processedItemKind], ...slices.map((slice) => slice.itemKinds)]);
};

/**
 * Every module's repositories on the single table. No outbox to relay: the table's stream
 * carries every change to the stream function, which publishes the events.
 */
export const openDynamoDbStore = async (
  modules: readonly AnyModule[],
  table: DynamoDbTable,
  close: () => void = () => undefined,
): Promise<OpenStore> => {
  const slices = await Promise.all(modules.map((module) => module.stores.dynamodb()));
  const kinds = itemKindsOf([[processedItemKind], ...slices.map((slice) => slice.itemKinds)]);
  return {
    kind: 'dynamodb',
    storesOf: storesByModule(
      modules,
      slices.map((slice) => slice.create(table)),
    ),
    processed: new DynamoDbProcessedEventStore(table),
    listBackfill: new DynamoDbListBackfill(table, kinds),
    healthChecks: [new DynamoDbHealthCheck(table)],
    close,
  };
};
