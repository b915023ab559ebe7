/**
 * The HTTP function with its DynamoDB client built during init (module scope, static imports)
 * rather than by the first request that reads data; the modules' repositories are still made
 * on first use. bench:lambda builds it like a real function to measure what that moves from a
 * first data request to every cold start, a 404's included.
 */
import { createDynamoDbClients } from '../../adapters/aws/dynamodb/clients';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { lazyDynamoDbStore } from '../../apps/aws-lambda/aws-ports';
import { loadLambdaConfig, required } from '../../apps/aws-lambda/config';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { withInvocationLogging } from '../../apps/aws-lambda/lambda-logger';
import { modules } from '../../apps/modules/modules';

const config = loadLambdaConfig(process.env);
const table = openDynamoDbTable({
  client: createDynamoDbClients(process.env).doc,
  tableName: required(config.tableName, 'TABLE_NAME'),
  transactions: config.transactions,
});
const store = lazyDynamoDbStore(modules, process.env, config, async () => table);
const { api, logger } = composeHttp(process.env, { store });

export const handler = withInvocationLogging(logger, createHttpHandler(api, { logger }));
