import * as z from 'zod/mini';
import { idTextSchema, textSchema } from '../shared/text';
import { named } from '../shared/zod';

const currencies = new Set(Intl.supportedValuesOf('currency'));

/** ISO 4217 alphabetic code, from the runtime's ICU list; accepted in any case, stored upper-case. */
export const currencySchema = z.string().check(
  z.trim(),
  z.length(3),
  z.toUpperCase(),
  z.refine((code) => currencies.has(code), { message: 'Not an ISO 4217 currency code' }),
);

/** Every status an order can have, in lifecycle order: the one list the stores and schemas use. */
export const ORDER_STATUSES = [
  'pending',
  'confirmed',
  'paid',
  'shipped',
  'delivered',
  'cancelled',
] as const;
export const orderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const orderItemSchema = z.strictObject({
  sku: textSchema(64),
  quantity: z.int().check(z.gte(1), z.lte(1_000_000)),
  /** Minor units (cents): integers avoid floating-point money. */
  unitPrice: z.int().check(z.gte(0)),
});
export type OrderItem = z.infer<typeof orderItemSchema>;
export const orderItemsSchema = z.array(orderItemSchema);

export const orderSchema = named(
  z.object({
    id: z.string(),
    userId: z.string(),
    items: orderItemsSchema,
    currency: z.string(),
    total: z.int(),
    status: orderStatusSchema,
    /** The inventory store fulfilment reserves from; absent: the configured default. */
    fulfilmentStore: z.optional(z.string()),
    /** Minor units, set when fulfilment confirms the order (from the rate of its currency). */
    tax: z.optional(z.int()),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.int().check(z.gte(1)),
    /** Set when a rule held the order for review (the high-value-order rule); absent otherwise. */
    flagged: z.optional(z.boolean()),
  }),
  'Order',
);
export type Order = z.infer<typeof orderSchema>;

export const createOrderSchema = named(
  z.strictObject({
    userId: idTextSchema,
    currency: currencySchema,
    items: z.array(orderItemSchema).check(z.minLength(1), z.maxLength(100)),
    fulfilmentStore: z.optional(textSchema(100)),
  }),
  'CreateOrder',
);
export type CreateOrderInput = z.output<typeof createOrderSchema>;

export const changeOrderStatusSchema = named(
  z.strictObject({
    status: orderStatusSchema,
    version: z.optional(z.int().check(z.gte(1))),
  }),
  'ChangeOrderStatus',
);
export type ChangeOrderStatusInput = z.output<typeof changeOrderStatusSchema>;

/** The lifecycle: every move not listed here is refused. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['paid', 'cancelled'],
  paid: ['shipped'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean =>
  ORDER_TRANSITIONS[from].includes(to);

/**
 * The statuses an order's own customer may move it to: cancelling it. Every other move is the
 * business's (fulfilment confirms, a recorded payment marks it paid, the warehouse ships and
 * delivers), so a customer marking their order paid would skip payment. Whether the move exists
 * from the order's current status is still the lifecycle's call (ORDER_TRANSITIONS).
 */
export const CUSTOMER_STATUSES: readonly OrderStatus[] = ['cancelled'];

export const customerMayMoveTo = (to: OrderStatus): boolean => CUSTOMER_STATUSES.includes(to);
