import { readFileSync } from 'node:fs';
import { apiGatewayV1ToRequest } from '../../adapters/aws/lambda/http/api-gateway-v1';
import { apiGatewayV2ToRequest } from '../../adapters/aws/lambda/http/api-gateway-v2';
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
const v2: any = JSON.parse(
  readFileSync('test/fixtures/aws-events/apigw-v2-request-no-authorizer.json', 'utf8'),
);
v2.rawPath = path;
v2.requestContext.http.path = path;
const ctx = { awsRequestId: 'bench-0000' };
const raw = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', etag: '"1"' },
  body: JSON.stringify(user),
  isBase64Encoded: false,
});
const time = async (name: string, fn: () => unknown) => {
  const best: number[] = [];
  for (let r = 0; r < 7; r++) {
    const N = 200000;
    const t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await fn();
    best.push(Number(process.hrtime.bigint() - t) / N / 1000);
  }
  best.sort((a, b) => a - b);
  console.log(name.padEnd(30), best[3]!.toFixed(3), 'us');
};
const req1 = apiGatewayV1ToRequest(v1, {});
const which = process.argv[2] ?? 'all';
await time('raw', raw);
await time('door v1', () => handler(v1, ctx));
await time('door v2', () => handler(v2, ctx));
if (which === 'all') {
  await time('translate v1 (sync)', () => apiGatewayV1ToRequest(v1, {}));
  await time('translate v2 (sync)', () => apiGatewayV2ToRequest(v2, {}));
  await time('api.handle (prebuilt v1 req)', () => api.handle({ ...req1 }));
  await time('stringify user', () => JSON.stringify(user));
  await time('empty await', () => undefined);
}
