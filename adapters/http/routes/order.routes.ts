import * as z from 'zod/mini';
import {
  CUSTOMER_STATUSES,
  changeOrderStatusSchema,
  createOrderSchema,
  customerMayMoveTo,
  orderSchema,
  orderStatusSchema,
} from '../../../domain/orders/order';
import { orderErrorCodes } from '../../../domain/orders/order-errors';
import type { OrderService } from '../../../domain/orders/order-service';
import { pageQuerySchema } from '../../../domain/shared/pagination';
import { expectedVersionFrom, withEtag } from '../concurrency';
import { errorTable } from '../error-table';
import { defineRoute, type Route } from '../route';
import { idParamsSchema, ifMatchHeader, pageOf } from './schemas';

const orderPageSchema = pageOf(orderSchema, 'OrderPage');
const listOrdersQuery = z.extend(pageQuerySchema, {
  userId: z.optional(idParamsSchema.shape.id),
  status: z.optional(orderStatusSchema),
  /** `true`: the orders held for review (the high-value-order rule). */
  flagged: z.optional(z.enum(['true', 'false'])),
});

/** What each orders error means over HTTP. */
export const orderErrors = errorTable(orderErrorCodes, {
  'ORDER.NOT_FOUND': 404,
  'ORDER.USER_NOT_FOUND': 422,
  'ORDER.INVALID_TRANSITION': 409,
  'ORDER.VERSION_MISMATCH': 409,
  'ORDER.TOTAL_TOO_LARGE': 422,
});

export const orderRoutes = (orders: OrderService): Route[] => {
  /** A user's own token reaches an order of theirs: its owner is read from the order. */
  const ownerOfOrder = ({ params }: { params: { id: string } }) =>
    orders.get(params.id).then((order) => order.userId);
  return [
    defineRoute({
      method: 'POST',
      path: '/orders',
      operationId: 'createOrder',
      summary: 'Place an order; the total is computed by the server',
      tags: ['orders'],
      body: createOrderSchema,
      responses: { 201: { description: 'Created, status pending', schema: orderSchema } },
      errors: ['ORDER.USER_NOT_FOUND', 'ORDER.TOTAL_TOO_LARGE'],
      access: { role: 'writer', ownedBy: ({ body }) => body.userId },
      handler: async ({ body }) => {
        const order = await orders.create(body);
        return withEtag(order, 201, { location: `/orders/${order.id}` });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/orders',
      operationId: 'listOrders',
      summary: 'List orders, oldest first, by user, status and/or review flag',
      tags: ['orders'],
      query: listOrdersQuery,
      responses: { 200: { description: 'A page of orders', schema: orderPageSchema } },
      errors: ['PAGINATION.INVALID_CURSOR'],
      access: { role: 'reader', ownedBy: ({ query }) => query.userId },
      handler: async ({ query }) => ({
        status: 200,
        body: await orders.list(
          {
            userId: query.userId,
            status: query.status,
            flagged: query.flagged === undefined ? undefined : query.flagged === 'true',
          },
          query,
        ),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/orders/:id',
      operationId: 'getOrder',
      summary: 'Read an order',
      tags: ['orders'],
      params: idParamsSchema,
      responses: {
        200: { description: 'The order; ETag carries its version', schema: orderSchema },
      },
      errors: ['ORDER.NOT_FOUND'],
      access: { role: 'reader', ownedBy: ownerOfOrder },
      handler: ({ params }) => orders.get(params.id).then((order) => withEtag(order)),
    }),
    defineRoute({
      method: 'POST',
      path: '/orders/:id/status',
      operationId: 'changeOrderStatus',
      summary:
        "Move an order along its lifecycle: pending -> confirmed -> paid -> shipped -> delivered; pending|confirmed -> cancelled. A user's own token may only cancel",
      tags: ['orders'],
      params: idParamsSchema,
      body: changeOrderStatusSchema,
      headers: [ifMatchHeader],
      responses: { 200: { description: 'The order in its new status', schema: orderSchema } },
      errors: ['ORDER.NOT_FOUND', 'ORDER.INVALID_TRANSITION', 'ORDER.VERSION_MISMATCH'],
      access: {
        role: 'writer',
        ownedBy: ownerOfOrder,
        ownerLimit: ({ body }) =>
          customerMayMoveTo(body.status)
            ? undefined
            : `A user token may only move its order to ${CUSTOMER_STATUSES.join(' or ')}; ${body.status} needs the writer role.`,
      },
      handler: async ({ params, body, headers }) => {
        const version =
          (await expectedVersionFrom(headers['if-match'], () =>
            orders.get(params.id).then((order) => order.version),
          )) ?? body.version;
        return withEtag(await orders.changeStatus(params.id, body.status, version));
      },
    }),
  ];
};
