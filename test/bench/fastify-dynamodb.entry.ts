/**
 * The baseline for a first data request: @fastify/aws-lambda over a Fastify app whose
 * GET /users/:id reads the user through our DynamoDB user repository (same client settings,
 * table and key), the client built at module scope as such an app usually does. bench:lambda
 * bundles it as it bundles our functions, the AWS SDK packaged the same way.
 */
import awsLambdaFastify from '@fastify/aws-lambda';
import Fastify from 'fastify';
import { createDynamoDbClients } from '../../adapters/aws/dynamodb/clients';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { DynamoDbUserRepository } from '../../adapters/aws/dynamodb/user-repository.dynamodb';

const users = new DynamoDbUserRepository(
  openDynamoDbTable({
    client: createDynamoDbClients(process.env).doc,
    tableName: process.env.TABLE_NAME ?? '',
  }),
);
const app = Fastify();
app.get<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
  const user = await users.findById(request.params.id);
  if (!user) return reply.code(404).send({ error: 'not found' });
  return reply.header('etag', `"${user.version}"`).send(user);
});

export const handler = awsLambdaFastify(app);
