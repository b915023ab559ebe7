import type { InventoryService } from '../../domain/inventory/inventory-service';
import type { OrderService } from '../../domain/orders/order-service';
import type { UserService } from '../../domain/users/user-service';
import type { HealthCheck } from '../../ports/health-check.port';
import type { NotificationLog } from '../../ports/notification-log.port';
import { HttpApi, type HttpApiOptions } from './http-api';
import {
  type InventoryRoutesOptions,
  inventoryErrors,
  inventoryRoutes,
  notificationRoutes,
} from './routes/inventory.routes';
import { orderErrors, orderRoutes } from './routes/order.routes';
import { platformRoutes } from './routes/platform.routes';
import { userErrors, userRoutes } from './routes/user.routes';

export interface ApiServices {
  users: UserService;
  orders: OrderService;
  /** Mounts the inventory routes; every app passes it (benchmarks of other routes need not). */
  inventory?: InventoryService;
  healthChecks: readonly HealthCheck[];
  /** How uploads get imported where no object-created trigger does it (the server). */
  inventoryRoutes?: InventoryRoutesOptions;
  /** Where notifications are kept locally (the embedded server): adds GET /notifications. */
  notifications?: NotificationLog;
}

export const API_INFO = {
  title: 'One core, three doors',
  version: '0.1.0',
  description:
    'Users, orders and inventory, served unchanged by Fastify, AWS Lambda and Azure Functions. Errors are `{ error: { code, message, details? }, requestId }`.',
};

/** The route table every door serves: add a route here and all three doors have it. */
export const buildHttpApi = (services: ApiServices, options: HttpApiOptions): HttpApi => {
  let api: HttpApi | undefined;
  const routes = [
    ...platformRoutes(services.healthChecks, async () => api?.openApiDocument()),
    ...userRoutes(services.users),
    ...orderRoutes(services.orders),
    ...(services.inventory ? inventoryRoutes(services.inventory, services.inventoryRoutes) : []),
    ...(services.notifications ? notificationRoutes(services.notifications) : []),
  ];
  api = new HttpApi(routes, {
    info: API_INFO,
    errors: [userErrors, orderErrors, inventoryErrors],
    ...options,
  });
  return api;
};
