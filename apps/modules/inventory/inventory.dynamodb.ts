import type { DynamoDbTable } from '../../../adapters/aws/dynamodb/dynamodb-store';
import { DynamoDbImportStore } from '../../../adapters/aws/dynamodb/import-store.dynamodb';
import { inventoryItemKinds } from '../../../adapters/aws/dynamodb/inventory-items';
import { DynamoDbInventoryRepository } from '../../../adapters/aws/dynamodb/inventory-repository.dynamodb';

export const inventoryOnDynamoDb = {
  itemKinds: inventoryItemKinds,
  create: (table: DynamoDbTable) => ({
    stock: new DynamoDbInventoryRepository(table),
    imports: new DynamoDbImportStore(table),
  }),
};
