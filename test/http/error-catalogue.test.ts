import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpErrors } from '../../adapters/http/error-table';
import { startTestServer } from '../support/test-server';

describe('the error catalogue', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.dispose());

  it('gives every code a status and a description', () => {
    const catalogue = Object.entries(server.api.errors);
    expect(catalogue.length).toBeGreaterThan(Object.keys(httpErrors).length + 10);
    for (const [code, { status, description }] of catalogue) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(description.length, code).toBeGreaterThan(10);
    }
  });

  it('keeps 5xx for our failures: no domain error is a server error', () => {
    for (const [code, { status }] of Object.entries(server.api.errors)) {
      if (!(code in httpErrors)) expect(status, code).toBeLessThan(500);
    }
  });

  it('documents every code in the OpenAPI document, under the status it is answered with', async () => {
    const errors = server.api.errors;
    const doc = (await server.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const documented = new Map<string, Set<string>>();
    for (const operations of Object.values(doc.paths) as Record<string, { responses: object }>[]) {
      for (const operation of Object.values(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          for (const code of (response as { 'x-error-codes'?: string[] })['x-error-codes'] ?? []) {
            documented.set(code, (documented.get(code) ?? new Set()).add(status));
          }
        }
      }
    }
    // Unknown routes, the server-only object links and the object-created triggers (an
    // import of a vanished object, an image that cannot be decoded) have no operation of the table to hang on;
    // x-error-catalogue below lists them with every other code.
    const outsideTable = new Set([
      'HTTP.ROUTE_NOT_FOUND',
      'INVENTORY.SOURCE_NOT_FOUND',
      'OBJECT.URL_INVALID',
      'OBJECT.URL_EXPIRED',
      'OBJECT.NOT_FOUND',
      // How a draw can fail in its workflow, read in the draw's record, never a response's code.
      'LOTTERY.TOO_MANY_ROUNDS',
      // Failure codes of image and document records (GET shows them in `failure`), raised by
      // the object-created work, not by a route.
      'IMAGE.TOO_LARGE',
      'IMAGE.UNREADABLE',
      'IMAGE.SOURCE_NOT_FOUND',
      'DOCUMENT.ENCRYPTED',
      'DOCUMENT.UNREADABLE',
      'DOCUMENT.TOO_LARGE',
      'DOCUMENT.SOURCE_NOT_FOUND',
      // Sent in the live feed's WebSocket error frames, never a response (test/live).
      'LIVE.INVALID_MESSAGE',
      'LIVE.FORBIDDEN',
      // Refused by the HTTP server before any route is matched (transport-errors.test.ts).
      'HTTP.HEADERS_TOO_LARGE',
      'HTTP.BAD_URL',
      'HTTP.URI_TOO_LONG',
      'HTTP.BAD_CONTENT_LENGTH',
      'HTTP.UNKNOWN_METHOD',
      'HTTP.REQUEST_TIMEOUT',
      'HTTP.TOO_MANY_CONNECTIONS',
    ]);
    const undocumented = Object.keys(errors).filter(
      (code) => !outsideTable.has(code) && !documented.has(code),
    );
    expect(undocumented).toEqual([]);
    for (const [code, statuses] of documented) {
      expect([...statuses], code).toEqual([String(errors[code]?.status)]);
    }
    // Unknown routes have no operation to hang on; the catalogue extension lists them all.
    expect(doc['x-error-catalogue']).toEqual(errors);
    expect(doc.components.schemas).toHaveProperty('Error');
    expect(doc.components.schemas).toHaveProperty('User');
    expect(doc.paths['/users'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateUser',
    });
  });
});
