/** @fastify/aws-lambda over a Fastify app answering the bench user from a constant (no store). */
import awsLambdaFastify from '@fastify/aws-lambda';
import Fastify from 'fastify';
import { benchUser } from './stub-store';

const app = Fastify();
app.get('/users/:id', async (_request, reply) => reply.header('etag', '"1"').send(benchUser));

export const handler = awsLambdaFastify(app);
