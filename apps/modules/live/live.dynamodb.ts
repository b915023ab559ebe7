import type { DynamoDbTable } from '../../../adapters/aws/dynamodb/dynamodb-store';
import {
  DynamoDbLiveConnectionStore,
  liveItemKinds,
} from '../../../adapters/aws/dynamodb/live-connection-store.dynamodb';

/** API Gateway's connections: items of the single table with a TTL (each event is one invocation). */
export const liveOnDynamoDb = {
  itemKinds: liveItemKinds,
  create: (table: DynamoDbTable) => ({ connections: new DynamoDbLiveConnectionStore(table) }),
};
