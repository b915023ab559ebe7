import { DynamoDbDrawStore } from '../../../adapters/aws/dynamodb/draw-store.dynamodb';
import type { DynamoDbTable } from '../../../adapters/aws/dynamodb/dynamodb-store';
import { DynamoDbEmployeeRepository } from '../../../adapters/aws/dynamodb/employee-repository.dynamodb';
import { lotteryItemKinds } from '../../../adapters/aws/dynamodb/lottery-items';

export const lotteryOnDynamoDb = {
  itemKinds: lotteryItemKinds,
  create: (table: DynamoDbTable) => ({
    employees: new DynamoDbEmployeeRepository(table),
    draws: new DynamoDbDrawStore(table),
  }),
};
