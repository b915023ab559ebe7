import * as z from 'zod/mini';
import { messagingErrorCodes } from '../../../domain/messaging/messaging-errors';
import type { MessagingService } from '../../../domain/messaging/messaging-service';
import {
  exportRecordSchema,
  fulfilmentSchema,
  paymentSchema,
  preferencesSchema,
  recordPaymentSchema,
  shipmentSchema,
  updatePreferencesSchema,
} from '../../../domain/messaging/records';
import { named } from '../../../domain/shared/zod';
import { expectedVersionFrom, withEtag } from '../concurrency';
import { errorTable } from '../error-table';
import { defineRoute, type Route } from '../route';
import { idParamsSchema, ifMatchHeader } from './schemas';

/** What each messaging error means over HTTP. */
export const messagingErrors = errorTable(messagingErrorCodes, {
  'MESSAGING.EXPORT_NOT_FOUND': 404,
  'MESSAGING.SHIPMENT_NOT_FOUND': 404,
  'MESSAGING.FULFILMENT_NOT_FOUND': 404,
  'MESSAGING.ORDER_NOT_PAYABLE': 409,
  'MESSAGING.PAYMENT_MISMATCH': 422,
  'MESSAGING.PREFERENCES_VERSION_MISMATCH': 409,
});

const queueStatsSchema = named(
  z.object({
    queues: z.array(
      z.object({
        name: z.string(),
        depth: z.int(),
        inFlight: z.nullable(z.int()),
        delayed: z.nullable(z.int()),
        deadLetters: z.int(),
      }),
    ),
  }),
  'QueueStats',
);
const deadLettersSchema = named(
  z.object({
    items: z.array(
      z.object({
        id: z.string(),
        body: z.string(),
        reason: z.string(),
        receiveCount: z.int(),
        deadAt: z.string(),
      }),
    ),
  }),
  'DeadLetters',
);
const signupDayParams = z.object({
  day: z.iso.date(),
});
const signupCountSchema = named(z.object({ day: z.string(), count: z.int() }), 'SignupCount');

const deadLettersQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
});

export const messagingRoutes = (messaging: MessagingService): Route[] => {
  const ownerOfOrder = ({ params }: { params: { id: string } }) =>
    messaging.ownerOfOrder(params.id);
  return [
    defineRoute({
      method: 'GET',
      path: '/users/:id/preferences',
      access: { role: 'reader', ownedBy: ({ params }) => params.id },
      operationId: 'getPreferences',
      summary: 'Read a user’s notification preferences (the defaults until they are stored)',
      tags: ['messaging'],
      params: idParamsSchema,
      responses: { 200: { description: 'The preferences', schema: preferencesSchema } },
      errors: ['USER.NOT_FOUND'],
      handler: async ({ params }) => withEtag(await messaging.preferences(params.id)),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/users/:id/preferences',
      access: { role: 'writer', ownedBy: ({ params }) => params.id },
      operationId: 'updatePreferences',
      summary: 'Change some of a user’s notification preferences',
      tags: ['messaging'],
      params: idParamsSchema,
      body: updatePreferencesSchema,
      headers: [ifMatchHeader],
      responses: { 200: { description: 'The preferences as stored', schema: preferencesSchema } },
      errors: ['USER.NOT_FOUND', 'MESSAGING.PREFERENCES_VERSION_MISMATCH'],
      handler: async ({ params, body, headers }) => {
        const version = await expectedVersionFrom(
          headers['if-match'],
          async () => (await messaging.preferences(params.id)).version,
        );
        return withEtag(await messaging.updatePreferences(params.id, body, version));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/signups/:day',
      access: { role: 'admin' },
      operationId: 'countSignups',
      summary:
        'How many users signed up on a UTC day (YYYY-MM-DD), each counted once by its signup job',
      tags: ['messaging'],
      params: signupDayParams,
      responses: { 200: { description: 'The count', schema: signupCountSchema } },
      errors: [],
      handler: async ({ params }) => ({
        status: 200,
        body: { day: params.day, count: await messaging.signupsOn(params.day) },
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/orders/:id/fulfilment',
      access: { role: 'reader', ownedBy: ownerOfOrder },
      operationId: 'getFulfilment',
      summary: 'How the order was fulfilled: confirmed, or cancelled with the short items; its tax',
      tags: ['messaging'],
      params: idParamsSchema,
      responses: { 200: { description: 'The fulfilment', schema: fulfilmentSchema } },
      errors: ['ORDER.NOT_FOUND', 'MESSAGING.FULFILMENT_NOT_FOUND'],
      handler: async ({ params }) => ({ status: 200, body: await messaging.fulfilment(params.id) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/orders/:id/payments',
      // The payment provider's integration records payments, with a writer key: a customer's
      // own token would otherwise mark its order paid with nothing paid.
      access: { role: 'writer' },
      operationId: 'recordPayment',
      summary:
        'Record the payment of a confirmed order; it is marked paid and shipped in the background',
      tags: ['messaging'],
      params: idParamsSchema,
      body: recordPaymentSchema,
      responses: {
        202: { description: 'Recorded; the order is paid shortly', schema: paymentSchema },
      },
      errors: ['ORDER.NOT_FOUND', 'MESSAGING.ORDER_NOT_PAYABLE', 'MESSAGING.PAYMENT_MISMATCH'],
      handler: async ({ params, body }) => ({
        status: 202,
        body: await messaging.pay(params.id, body),
        headers: { location: `/orders/${params.id}/shipment` },
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/orders/:id/shipment',
      access: { role: 'reader', ownedBy: ownerOfOrder },
      operationId: 'getShipment',
      summary: 'The shipment a paid order requested',
      tags: ['messaging'],
      params: idParamsSchema,
      responses: { 200: { description: 'The shipment', schema: shipmentSchema } },
      errors: ['ORDER.NOT_FOUND', 'MESSAGING.SHIPMENT_NOT_FOUND'],
      handler: async ({ params }) => ({ status: 200, body: await messaging.shipment(params.id) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/users/:id/exports',
      access: { role: 'writer', ownedBy: ({ params }) => params.id },
      operationId: 'exportUserOrders',
      summary: 'Export a user’s orders as CSV, in the background; poll the Location',
      tags: ['messaging'],
      params: idParamsSchema,
      responses: { 202: { description: 'Accepted', schema: exportRecordSchema } },
      errors: ['USER.NOT_FOUND'],
      handler: async ({ params }) => {
        const record = await messaging.requestExport(params.id);
        return { status: 202, body: record, headers: { location: `/exports/${record.id}` } };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/exports',
      access: { role: 'admin' },
      operationId: 'exportAllOrders',
      summary: 'Export every user’s orders as CSV (an admin export), in the background',
      tags: ['messaging'],
      responses: { 202: { description: 'Accepted', schema: exportRecordSchema } },
      errors: [],
      handler: async () => {
        const record = await messaging.requestExport(null);
        return { status: 202, body: record, headers: { location: `/exports/${record.id}` } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/exports/:id',
      access: { role: 'reader', ownedBy: ({ params }) => messaging.ownerOfExport(params.id) },
      operationId: 'getExport',
      summary: 'An export: its status, row count, size and download link (24 h)',
      tags: ['messaging'],
      params: idParamsSchema,
      responses: { 200: { description: 'The export', schema: exportRecordSchema } },
      errors: ['MESSAGING.EXPORT_NOT_FOUND'],
      handler: async ({ params }) => ({ status: 200, body: await messaging.getExport(params.id) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/queues',
      access: { role: 'admin' },
      operationId: 'listQueues',
      summary: 'The jobs queue: ready, in flight, delayed and dead-lettered counts',
      tags: ['operations'],
      responses: { 200: { description: 'The queues', schema: queueStatsSchema } },
      errors: [],
      handler: async () => ({
        status: 200,
        body: { queues: [{ name: 'jobs', ...(await messaging.queueStats()) }] },
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/queues/dead-letters',
      access: { role: 'admin' },
      operationId: 'listDeadLetters',
      summary:
        'Jobs that will not be retried, oldest first, with why and how often they were received',
      tags: ['operations'],
      query: deadLettersQuery,
      responses: { 200: { description: 'The dead letters', schema: deadLettersSchema } },
      errors: [],
      handler: async ({ query }) => ({
        status: 200,
        body: { items: await messaging.deadLetters(query.limit) },
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/queues/dead-letters/redrive',
      access: { role: 'admin' },
      operationId: 'redriveDeadLetters',
      summary: 'Moves every dead letter back to the jobs queue (SQS: its message move task)',
      tags: ['operations'],
      responses: {
        202: {
          description: 'How many were moved (on SQS, started moving)',
          schema: z.object({ moved: z.int() }),
        },
      },
      errors: [],
      handler: async () => ({ status: 202, body: { moved: await messaging.redrive() } }),
    }),
  ];
};
