import { orderErrors, orderRoutes } from '../../../adapters/http/routes/order.routes';
import {
  DEFAULT_SALES_ADDRESS,
  highValueReview,
  orderStatusLog,
} from '../../../domain/orders/order-rule-reactions';
import { OrderService } from '../../../domain/orders/order-service';
import { paymentNotice } from '../../../domain/orders/payment-notice';
import type { OrderRepository } from '../../../ports/order-repository.port';
import { defineModule } from '../domain-module';
import { usersModule } from '../users/users.module';

export interface OrderStores {
  orders: OrderRepository;
}

export interface OrderServices {
  orders: OrderService;
  /** Where high-value orders held for review are announced. */
  sales: { address: string };
}

export interface OrderOptions {
  salesAddress: string;
}

export const ordersModule = defineModule<OrderStores, OrderServices, OrderOptions>({
  name: 'orders',
  errors: orderErrors,
  stores: {
    memory: () => import('./orders.memory').then((slice) => slice.ordersOnMemory),
    sqlite: () => import('./orders.sqlite').then((slice) => slice.ordersOnSqlite),
    dynamodb: () => import('./orders.dynamodb').then((slice) => slice.ordersOnDynamoDb),
    'azure-tables': () => import('./orders.tables').then((slice) => slice.ordersOnTables),
  },
  // An order names a user that must exist: read through the users module's repository.
  services: ({ stores, use, clock, ids, options }) => ({
    orders: new OrderService(stores.orders, use(usersModule).stores.users, clock, ids),
    sales: { address: options.salesAddress ?? DEFAULT_SALES_ADDRESS },
  }),
  routes: ({ orders }) => orderRoutes(orders),
  reactions: [paymentNotice, orderStatusLog, highValueReview],
});
