import {
  apiKeyItemKinds,
  DynamoDbApiKeyStore,
} from '../../../adapters/aws/dynamodb/api-key-store.dynamodb';
import type { DynamoDbTable } from '../../../adapters/aws/dynamodb/dynamodb-store';

export const accessOnDynamoDb = {
  itemKinds: apiKeyItemKinds,
  create: (table: DynamoDbTable) => ({ apiKeys: new DynamoDbApiKeyStore(table) }),
};
