import { HttpRequest } from '@azure/functions';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpHandler,
  type LambdaHttpHandler,
} from '../../adapters/aws/lambda/http/http-handler';
import type { Route } from '../../adapters/http/route';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import {
  type AzureFunctionsApp,
  composeAzureFunctions,
} from '../../apps/azure-functions/composition';
import { AWS_WITHOUT_EMULATOR_ENV, awsWithoutEmulator } from '../support/aws-without-emulator';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { asHostSends, silentContext, toV1Event } from '../support/doors';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { type S3rverInstance, startS3rver } from '../support/s3rver';
import { type Answer, problemWith } from './answer-shape';
import { type HostileRequest, hostileRequestFor } from './hostile-requests';

const PER_ROUTE = Number(process.env.FUZZ_SERVERLESS_PER_ROUTE ?? 40);

/**
 * A smaller slice of the server's fuzz suite through the serverless doors, on their own stores:
 * the Lambda HTTP function on DynamoDB (dynalite) fed REST API events, the Azure app on Table
 * Storage (Azurite) fed the SDK's HttpRequest. Requests a platform would never deliver (a path
 * API Gateway cannot decode, a method or header the SDK refuses) are skipped, and counted.
 */
const runSlice = async (
  routes: readonly Route[],
  send: (request: HostileRequest) => Promise<Answer | undefined>,
) => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const failures: string[] = [];
  let answered = 0;
  for (const [index, route] of routes.entries()) {
    for (const request of fc.sample(hostileRequestFor(route), {
      numRuns: PER_ROUTE,
      seed: seed + index,
    })) {
      const answer = await send(request);
      if (!answer) continue;
      answered += 1;
      const problem = problemWith(answer, request.method);
      if (problem) failures.push(`${request.method} ${request.target.slice(0, 120)} -> ${problem}`);
    }
  }
  expect(failures.slice(0, 10), `seed ${seed}, ${failures.length} failures`).toEqual([]);
  // Most requests are deliverable: the slice is not all skipped.
  expect(answered).toBeGreaterThan(routes.length * PER_ROUTE * 0.6);
};

const lowerHeaders = (answer: { headers: Record<string, string> }) =>
  Object.fromEntries(Object.entries(answer.headers).map(([k, v]) => [k.toLowerCase(), v]));

describe('the Lambda HTTP function on DynamoDB and S3 under hostile requests', () => {
  let dynalite: Dynalite;
  let s3rver: S3rverInstance;
  let handler: LambdaHttpHandler;
  let routes: readonly Route[];
  const stubs = awsWithoutEmulator();
  beforeAll(async () => {
    [dynalite, s3rver] = await Promise.all([startDynalite(), startS3rver('fuzz-bucket')]);
    const { api } = composeHttp(
      {
        // As dynamodb-server.test.ts: each client its own endpoint, s3rver's credentials.
        ...dynalite.env,
        ...s3rver.env,
        AWS_ENDPOINT_URL: '',
        AWS_ENDPOINT_URL_S3: s3rver.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: dynalite.env.AWS_ENDPOINT_URL ?? '',
        TABLE_NAME: await dynalite.newTable(),
        DYNAMODB_TRANSACTIONS: 'sequential',
        BUCKET_NAME: 'fuzz-bucket',
        ...AWS_WITHOUT_EMULATOR_ENV,
      },
      { logger: createLambdaLogger({ level: 'silent' }) },
    );
    handler = createHttpHandler(api);
    routes = api.routes;
  });
  afterAll(async () => {
    stubs.restore();
    await Promise.all([dynalite?.close(), s3rver?.stop()]);
  });

  it(`answers ${PER_ROUTE} per route in the documented shape, never 5xx`, async () => {
    await runSlice(routes, async (request) => {
      let event: ReturnType<typeof toV1Event>;
      try {
        event = toV1Event({
          method: request.method,
          path: request.target,
          headers: Object.fromEntries(request.headers),
        });
      } catch {
        return undefined; // API Gateway cannot decode this path: it never reaches the function
      }
      if (request.body) {
        event.body = request.body.toString('base64');
        event.isBase64Encoded = true;
      }
      const result = await handler(event, { awsRequestId: 'fuzz-1' });
      const headers = lowerHeaders({ headers: (result.headers ?? {}) as Record<string, string> });
      const body = result.isBase64Encoded
        ? Buffer.from(result.body ?? '', 'base64').toString()
        : (result.body ?? '');
      return { status: result.statusCode ?? 0, headers, body };
    });
  }, 120_000);
});

describe('the Azure app on Table Storage under hostile requests', () => {
  let azurite: AzuriteInstance;
  let app: AzureFunctionsApp;
  beforeAll(async () => {
    azurite = await startAzurite();
    app = await composeAzureFunctions({
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_TABLES_PREFIX: uniqueName('fuzz'),
      AZURE_EVENTS_QUEUE: uniqueName('events'),
      LOG_LEVEL: 'silent',
    });
  });
  afterAll(() => azurite?.stop());

  it(`answers ${PER_ROUTE} per route in the documented shape, never 5xx`, async () => {
    await runSlice(app.api.routes, async (request) => {
      let azureRequest: HttpRequest;
      try {
        azureRequest = new HttpRequest({
          method: request.method as 'GET',
          url: `http://localhost:7071${request.target}`,
          headers: Object.fromEntries(request.headers),
          ...(request.body ? { body: { bytes: request.body } } : {}),
        });
      } catch {
        return undefined; // the host would not build such a request
      }
      const answer = await asHostSends(await app.http(azureRequest, silentContext()));
      return { status: answer.status, headers: answer.headers, body: answer.text };
    });
  }, 120_000);
});
