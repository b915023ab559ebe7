import * as z from 'zod/mini';
import { named } from '../../../domain/shared/zod';
import type { HealthCheck } from '../../../ports/health-check.port';
import { defineRoute, type Route } from '../route';

const healthStatus = z.enum(['ok', 'error']);
const healthSchema = named(
  z.object({
    status: healthStatus,
    uptimeSeconds: z.number(),
    checks: z.record(z.string(), z.object({ status: healthStatus, error: z.optional(z.string()) })),
  }),
  'Health',
);

const startedAt = Date.now();

export const platformRoutes = (
  healthChecks: readonly HealthCheck[],
  openApi: () => Promise<unknown>,
): Route[] => [
  defineRoute({
    method: 'GET',
    path: '/health',
    operationId: 'health',
    summary: 'Liveness of the process and reachability of the store',
    tags: ['platform'],
    responses: {
      200: { description: 'Every check passed', schema: healthSchema },
      503: { description: 'A check failed', schema: healthSchema },
    },
    errors: [],
    handler: async () => {
      const results = await Promise.all(
        healthChecks.map(async (check) => {
          try {
            await check.check();
            return [check.name, { status: 'ok' as const }] as const;
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            return [check.name, { status: 'error' as const, error: message }] as const;
          }
        }),
      );
      const ok = results.every(([, result]) => result.status === 'ok');
      return {
        status: ok ? 200 : 503,
        headers: { 'cache-control': 'no-store' },
        body: {
          status: ok ? 'ok' : 'error',
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
          checks: Object.fromEntries(results),
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'openApi',
    summary: 'This document',
    tags: ['platform'],
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
    errors: [],
    handler: async () => ({ status: 200, body: await openApi() }),
  }),
];
