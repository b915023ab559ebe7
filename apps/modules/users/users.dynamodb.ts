import type { DynamoDbTable } from '../../../adapters/aws/dynamodb/dynamodb-store';
import { userItemKinds } from '../../../adapters/aws/dynamodb/user-items';
import { DynamoDbUserRepository } from '../../../adapters/aws/dynamodb/user-repository.dynamodb';

export const usersOnDynamoDb = {
  itemKinds: userItemKinds,
  create: (table: DynamoDbTable) => ({ users: new DynamoDbUserRepository(table) }),
};
