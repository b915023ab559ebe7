import type { HealthCheck } from '../../ports/health-check.port';
import type { NotificationLog } from '../../ports/notification-log.port';
import type { ErrorTable } from './error-table';
import { HttpApi, type HttpApiOptions } from './http-api';
import type { Route } from './route';
import { notificationRoutes, platformRoutes } from './routes/platform.routes';

export interface ApiParts {
  /** Every domain's routes (each module's, composed). */
  routes: readonly Route[];
  /** Every domain's error table: the codes its routes and services raise. */
  errors: readonly ErrorTable[];
  healthChecks: readonly HealthCheck[];
  /** Where notifications are kept locally (the embedded server): adds GET /notifications. */
  notifications?: NotificationLog | undefined;
}

export const API_INFO = {
  title: 'One core, three doors',
  version: '0.1.0',
  description:
    'Users, orders and inventory, served unchanged by Fastify, AWS Lambda and Azure Functions. Errors are `{ error: { code, message, details? }, requestId }`.',
};

/** The route table every door serves: the platform's routes (health, OpenAPI) and the domains'. */
export const buildHttpApi = (parts: ApiParts, options: HttpApiOptions): HttpApi => {
  let api: HttpApi | undefined;
  const routes = [
    ...platformRoutes(parts.healthChecks, async () => api?.openApiDocument()),
    ...parts.routes,
    ...(parts.notifications ? notificationRoutes(parts.notifications) : []),
  ];
  api = new HttpApi(routes, { info: API_INFO, ...options, errors: parts.errors });
  return api;
};
