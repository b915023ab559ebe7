import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbClients {
  /** The low-level client (table administration, health, the stream's types). */
  client: DynamoDBClient;
  /** The same connection with native JS values in and out; what the repositories use. */
  doc: DynamoDBDocumentClient;
  destroy(): void;
}

type Env = Record<string, string | undefined>;

/**
 * Builds the DynamoDB clients once per container (module scope in a Lambda, once per server):
 * a client owns a keep-alive connection pool and its credentials cache, so one per request would
 * pay a TLS handshake and a credentials lookup each time.
 *
 * Region: AWS_REGION (Lambda sets it), us-east-1 when absent. Endpoint: AWS_ENDPOINT_URL_DYNAMODB
 * or AWS_ENDPOINT_URL (the SDK's own variable names, for emulators such as dynalite); unset in
 * AWS. The variables are read from `env` rather than process.env so a test or a composition root
 * can configure two stores side by side; keys given there are used as static credentials,
 * otherwise the SDK's default provider chain applies (Lambda role, ECS task role, profile...).
 */
export const createDynamoDbClients = (env: Env = process.env): DynamoDbClients => {
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL || undefined;
  const config: DynamoDBClientConfig = {
    region: env.AWS_REGION || 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
  };
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  const client = new DynamoDBClient(config);
  const doc = DynamoDBDocumentClient.from(client, {
    // `undefined` fields are dropped rather than rejected; empty strings are stored as they are.
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, doc, destroy: () => client.destroy() };
};
