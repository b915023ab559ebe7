import type { DynamoDbTable } from '../../../adapters/aws/dynamodb/dynamodb-store';
import { orderItemKinds } from '../../../adapters/aws/dynamodb/order-items';
import { DynamoDbOrderRepository } from '../../../adapters/aws/dynamodb/order-repository.dynamodb';

export const ordersOnDynamoDb = {
  itemKinds: orderItemKinds,
  create: (table: DynamoDbTable) => ({ orders: new DynamoDbOrderRepository(table) }),
};
