import { describe, expect, it } from 'vitest';
import { errorCatalogue, errorStatus } from '../../adapters/http/error-table';
import { domainErrorCodes } from '../../domain/shared/error-codes';
import { startTestServer } from '../support/test-server';

describe('the error catalogue', () => {
  it('gives every code a status and a description', () => {
    for (const code of Object.keys(errorCatalogue)) {
      expect(errorStatus[code as keyof typeof errorStatus], code).toBeGreaterThanOrEqual(400);
      expect(errorCatalogue[code as keyof typeof errorCatalogue].length, code).toBeGreaterThan(10);
    }
    expect(Object.keys(errorStatus).sort()).toEqual(Object.keys(errorCatalogue).sort());
  });

  it('keeps 5xx for our failures: no domain error is a server error', () => {
    for (const code of Object.keys(domainErrorCodes)) {
      expect(errorStatus[code as keyof typeof errorStatus], code).toBeLessThan(500);
    }
  });

  it('documents every code in the OpenAPI document, under the status it is answered with', async () => {
    const server = await startTestServer();
    try {
      const doc = (await server.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      const documented = new Map<string, Set<string>>();
      for (const operations of Object.values(doc.paths) as Record<
        string,
        { responses: object }
      >[]) {
        for (const operation of Object.values(operations)) {
          for (const [status, response] of Object.entries(operation.responses)) {
            for (const code of (response as { 'x-error-codes'?: string[] })['x-error-codes'] ??
              []) {
              documented.set(code, (documented.get(code) ?? new Set()).add(status));
            }
          }
        }
      }
      // Unknown routes, the server-only object links and the object-created triggers (an
      // import of a vanished object) have no operation of the table to hang on;
      // x-error-catalogue below lists them with every other code.
      const outsideTable = new Set([
        'HTTP.ROUTE_NOT_FOUND',
        'INVENTORY.SOURCE_NOT_FOUND',
        'OBJECT.URL_INVALID',
        'OBJECT.URL_EXPIRED',
        'OBJECT.NOT_FOUND',
      ]);
      const undocumented = Object.keys(errorCatalogue).filter(
        (code) => !outsideTable.has(code) && !documented.has(code),
      );
      expect(undocumented).toEqual([]);
      for (const [code, statuses] of documented) {
        expect([...statuses], code).toEqual([
          String(errorStatus[code as keyof typeof errorStatus]),
        ]);
      }
      // Unknown routes have no operation to hang on; the catalogue extension lists them all.
      expect(Object.keys(doc['x-error-catalogue']).sort()).toEqual(
        Object.keys(errorCatalogue).sort(),
      );
      expect(doc.components.schemas).toHaveProperty('Error');
      expect(doc.components.schemas).toHaveProperty('User');
      expect(doc.paths['/users'].post.requestBody.content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/CreateUser',
      });
    } finally {
      await server.dispose();
    }
  });
});
