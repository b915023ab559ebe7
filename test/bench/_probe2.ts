import { readFileSync } from 'node:fs';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';

const user = {
  id: '01a20deb-5ca9-75ce-af55-d65e0e2e75ba',
  name: 'Bench User',
  email: 'bench@example.com',
  age: null,
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};
const unused = () => Promise.reject(new Error('x'));
const store: any = {
  users: {
    findById: async (id: string) => (id === user.id ? user : null),
    findByEmail: unused,
    list: unused,
    insert: unused,
    update: unused,
    delete: unused,
  },
  orders: { findById: unused, list: unused, insert: unused, update: unused },
  healthChecks: [],
};
const logger = createLambdaLogger({ level: 'silent', write: () => undefined });
const api = composeHttp({}, { store, logger }).api;
const handler = createHttpHandler(api);
const v1: any = JSON.parse(readFileSync('test/fixtures/aws-events/apigw-request.json', 'utf8'));
const path = `/users/${user.id}`;
Object.assign(v1, {
  httpMethod: 'GET',
  path,
  resource: '/{proxy+}',
  pathParameters: { proxy: path.slice(1) },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  body: null,
});
const ctx = { awsRequestId: 'bench-0000' };
const t = Date.now();
while (Date.now() - t < 6000) for (let i = 0; i < 1000; i++) await handler(v1, ctx);
