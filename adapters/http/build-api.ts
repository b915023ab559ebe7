import type { OrderService } from '../../domain/orders/order-service';
import type { UserService } from '../../domain/users/user-service';
import type { HealthCheck } from '../../ports/health-check.port';
import { HttpApi, type HttpApiOptions } from './http-api';
import { orderRoutes } from './routes/order.routes';
import { platformRoutes } from './routes/platform.routes';
import { userRoutes } from './routes/user.routes';

export interface ApiServices {
  users: UserService;
  orders: OrderService;
  healthChecks: readonly HealthCheck[];
}

export const API_INFO = {
  title: 'One core, three doors',
  version: '0.1.0',
  description:
    'Users and orders, served unchanged by Fastify, AWS Lambda and Azure Functions. Errors are `{ error: { code, message, details? }, requestId }`.',
};

/** The route table every door serves: add a route here and all three doors have it. */
export const buildHttpApi = (services: ApiServices, options: HttpApiOptions): HttpApi => {
  let api: HttpApi | undefined;
  const routes = [
    ...platformRoutes(services.healthChecks, async () => api?.openApiDocument()),
    ...userRoutes(services.users),
    ...orderRoutes(services.orders),
  ];
  api = new HttpApi(routes, { info: API_INFO, ...options });
  return api;
};
