import * as z from 'zod/mini';
import { pageQuerySchema } from '../../../domain/shared/pagination';
import { named } from '../../../domain/shared/zod';
import type { HealthCheck } from '../../../ports/health-check.port';
import type { NotificationLog } from '../../../ports/notification-log.port';
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
    // Load balancers probe it without credentials.
    access: { role: 'public' },
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
    access: { role: 'public' },
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
    errors: [],
    handler: async ({ basePath }) => {
      const document = (await openApi()) as Record<string, unknown>;
      // Without `servers`, OpenAPI's server is `/`, the host's root: under a stage the API is
      // at its base path. The cached document is shared, so it is copied, not changed.
      return {
        status: 200,
        body: basePath ? { ...document, servers: [{ url: basePath }] } : document,
      };
    },
  }),
];

const sentNotificationSchema = z.object({
  id: z.string(),
  subject: z.string(),
  message: z.string(),
  attributes: z.optional(z.record(z.string(), z.string())),
  sentAt: z.iso.datetime(),
});
const notificationsSchema = z.object({ items: z.array(sentNotificationSchema) });
const recentQuery = z.object({ limit: pageQuerySchema.shape.limit });

/** Only where notifications are kept locally (the embedded server); SNS and queues keep none. */
export const notificationRoutes = (log: NotificationLog): Route[] => [
  defineRoute({
    method: 'GET',
    path: '/notifications',
    operationId: 'listNotifications',
    summary: 'Recent notifications (out-of-stock alerts...), newest first; embedded server only',
    tags: ['platform'],
    query: recentQuery,
    access: { role: 'admin' },
    responses: { 200: { description: 'The latest notifications', schema: notificationsSchema } },
    errors: [],
    handler: async ({ query }) => ({ status: 200, body: { items: await log.recent(query.limit) } }),
  }),
];
