import { describe, expect, it } from 'vitest';
import { buildHttpApi } from '../../adapters/http/build-api';
import { HttpApi } from '../../adapters/http/http-api';
import type { HttpRequest } from '../../adapters/http/http-types';
import { defineRoute } from '../../adapters/http/route';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';

/*
 * HttpRequest.basePath is what the client's URL carried before the routed path (a stage, a
 * custom domain's mapping); the API places every link it answers with under it, in one place,
 * so routes keep naming them from the API's root. How each door fills it: lambda-http.test.ts.
 */

const logger = createLambdaLogger({ level: 'silent' });

/** One route answering with the Location it is given in the query. */
const api = new HttpApi(
  [
    defineRoute({
      method: 'POST',
      path: '/things',
      operationId: 'createThing',
      summary: 'Answers 201 with the Location asked for',
      tags: [],
      responses: { 201: { description: 'Created' } },
      errors: [],
      handler: async (input) => ({
        status: 201,
        headers: { location: (input.query as { location: string }).location },
      }),
    }),
  ],
  { logger },
);

const request = (location: string, basePath?: string): HttpRequest => ({
  method: 'POST',
  path: '/things',
  query: { location },
  headers: {},
  ...(basePath === undefined ? {} : { basePath }),
});

describe('Location under the base path the client called', () => {
  it.each<{ link: string; location: string; base: string | undefined; expected: string }>([
    { link: 'from the API root', location: '/things/1', base: '/prod', expected: '/prod/things/1' },
    {
      link: 'from the API root',
      location: '/things/1?x=1',
      base: '/v1',
      expected: '/v1/things/1?x=1',
    },
    { link: 'from the API root', location: '/things/1', base: '', expected: '/things/1' },
    { link: 'from the API root', location: '/things/1', base: undefined, expected: '/things/1' },
    {
      link: 'a full URL',
      location: 'https://cdn.example.com/a',
      base: '/prod',
      expected: 'https://cdn.example.com/a',
    },
    {
      link: 'protocol-relative',
      location: '//cdn.example.com/a',
      base: '/prod',
      expected: '//cdn.example.com/a',
    },
    { link: 'relative to the request', location: 'things/1', base: '/prod', expected: 'things/1' },
  ])('$link, base path $base: $location -> $expected', async ({ location, base, expected }) => {
    const response = await api.handle(request(location, base));
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(expected);
  });

  it('reads basePath only when the answer carries a Location', async () => {
    let reads = 0;
    const counted = (location: string | undefined): HttpRequest => ({
      method: location === undefined ? 'GET' : 'POST',
      path: '/things',
      query: location === undefined ? {} : { location },
      headers: {},
      get basePath() {
        reads += 1;
        return '/prod';
      },
    });
    expect((await api.handle(counted(undefined))).status).toBe(405);
    expect(reads).toBe(0);
    expect((await api.handle(counted('/things/2'))).headers.location).toBe('/prod/things/2');
    expect(reads).toBe(1);
  });
});

describe('the OpenAPI document under a base path', () => {
  const served = buildHttpApi({ routes: [], errors: [], healthChecks: [] }, { logger });
  const get = async (basePath: string | undefined) => {
    const response = await served.handle({
      method: 'GET',
      path: '/openapi.json',
      query: {},
      headers: {},
      basePath,
    });
    return JSON.parse(String(response.body));
  };

  // OpenAPI's default server is `/`: the host's root, outside a stage.
  it.each<{ base: string | undefined; servers: unknown }>([
    { base: '/prod', servers: [{ url: '/prod' }] },
    { base: '', servers: undefined },
    { base: undefined, servers: undefined },
  ])('base path $base: servers $servers', async ({ base, servers }) => {
    const document = await get(base);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual(servers);
  });

  it('leaves the cached document unchanged for the next client', async () => {
    await get('/prod');
    expect((await get(undefined)).servers).toBeUndefined();
  });
});
