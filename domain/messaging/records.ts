import * as z from 'zod/mini';
import { named } from '../shared/zod';

/** The document collections the messaging domain keeps (RecordStore). */
export const COLLECTIONS = {
  preferences: 'preferences',
  signups: 'signups',
  fulfilment: 'fulfilment',
  payment: 'payment',
  shipment: 'shipment',
  export: 'export',
  /** The ids of the exports not completed yet (stalled-exports.ts). */
  openExports: 'open-exports',
  /** The jobs settled per UTC day (job-counts.ts). */
  jobCounts: 'job-counts',
} as const;

export const preferencesSchema = named(
  z.object({
    userId: z.string(),
    channels: z.object({ email: z.boolean(), sms: z.boolean() }),
    newsletter: z.boolean(),
    language: z.string(),
    updatedAt: z.iso.datetime(),
    version: z.int().check(z.gte(1)),
  }),
  'Preferences',
);
export type Preferences = z.infer<typeof preferencesSchema>;

export const updatePreferencesSchema = named(
  z.strictObject({
    channels: z.optional(
      z.strictObject({ email: z.optional(z.boolean()), sms: z.optional(z.boolean()) }),
    ),
    newsletter: z.optional(z.boolean()),
    language: z.optional(z.string().check(z.regex(/^[a-z]{2}(-[A-Z]{2})?$/))),
  }),
  'UpdatePreferences',
);
export type UpdatePreferencesInput = z.output<typeof updatePreferencesSchema>;

export const shortItemSchema = z.object({
  sku: z.string(),
  requested: z.int(),
  available: z.int(),
});
export type ShortItem = z.infer<typeof shortItemSchema>;

export const fulfilmentSchema = named(
  z.object({
    orderId: z.string(),
    store: z.string(),
    status: z.enum(['confirmed', 'cancelled']),
    reason: z.optional(z.literal('INSUFFICIENT_STOCK')),
    shortItems: z.optional(z.array(shortItemSchema)),
    currency: z.string(),
    /** Minor units, from the configured rate of the order's currency. */
    tax: z.int(),
    taxRateBasisPoints: z.int(),
    decidedAt: z.iso.datetime(),
  }),
  'Fulfilment',
);
export type Fulfilment = z.infer<typeof fulfilmentSchema>;

export const recordPaymentSchema = named(
  z.strictObject({
    /** Minor units: must be the order's total. */
    amount: z.int().check(z.gte(0)),
    currency: z.string().check(z.trim(), z.length(3), z.toUpperCase()),
    reference: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  }),
  'RecordPayment',
);
export type RecordPaymentInput = z.output<typeof recordPaymentSchema>;

export const paymentSchema = named(
  z.object({
    id: z.string(),
    orderId: z.string(),
    amount: z.int(),
    currency: z.string(),
    reference: z.nullable(z.string()),
    createdAt: z.iso.datetime(),
  }),
  'Payment',
);
export type Payment = z.infer<typeof paymentSchema>;

export const shipmentSchema = named(
  z.object({
    orderId: z.string(),
    paymentId: z.string(),
    status: z.literal('requested'),
    createdAt: z.iso.datetime(),
  }),
  'Shipment',
);
export type Shipment = z.infer<typeof shipmentSchema>;

export const exportRecordSchema = named(
  z.object({
    id: z.string(),
    /** null: every user's orders (an admin export). */
    userId: z.nullable(z.string()),
    status: z.enum(['pending', 'running', 'completed', 'failed']),
    rows: z.int(),
    bytes: z.int(),
    key: z.string(),
    url: z.nullable(z.string()),
    urlExpiresAt: z.nullable(z.iso.datetime()),
    createdAt: z.iso.datetime(),
    completedAt: z.nullable(z.iso.datetime()),
  }),
  'DataExport',
);
export type ExportRecord = z.infer<typeof exportRecordSchema>;

/** Where exports are written in the object store. */
export const EXPORT_PREFIX = 'exports/';
/** How long an export's download link works: 24 hours. */
export const EXPORT_URL_SECONDS = 24 * 60 * 60;
