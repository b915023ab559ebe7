import { createDynamoDbClients } from '../../adapters/aws/dynamodb/clients';
import {
  createDynamoDbStore,
  type DynamoDbStore,
} from '../../adapters/aws/dynamodb/dynamodb-store';

/** The table's ports on one client (one connection pool per execution environment). */
export const openDynamoDbStore = (
  env: Record<string, string | undefined>,
  tableName: string,
): DynamoDbStore => createDynamoDbStore({ client: createDynamoDbClients(env).doc, tableName });
