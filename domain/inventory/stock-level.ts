import * as z from 'zod/mini';
import { textSchema } from '../shared/text';
import { named } from '../shared/zod';

/** Store and item names: 1-100 characters of text (CSV cells and URL segments alike). */
const nameSchema = textSchema(100);
export const storeNameSchema = nameSchema;
export const itemNameSchema = nameSchema;

/** A stock count: whole units, never negative, exact in every store (DynamoDB numbers included). */
export const countSchema = z.int().check(z.gte(0), z.lte(Number.MAX_SAFE_INTEGER));

/** How much is on the shelf of one store for one item. */
export const stockLevelSchema = named(
  z.object({
    store: z.string(),
    item: z.string(),
    count: z.int(),
    updatedAt: z.iso.datetime(),
    version: z.int().check(z.gte(1)),
  }),
  'StockLevel',
);
export type StockLevel = z.infer<typeof stockLevelSchema>;

export interface StockKey {
  store: string;
  item: string;
}

/** One row of stock to set: what a CSV line or a PUT carries. */
export interface StockRow extends StockKey {
  count: number;
}

export const stockKeySchema = z.strictObject({ store: storeNameSchema, item: itemNameSchema });

export const setStockSchema = named(
  z.strictObject({
    count: countSchema,
    /** Optimistic concurrency, as an alternative to If-Match. */
    version: z.optional(z.int().check(z.gte(1))),
  }),
  'SetStock',
);

/** A delta that takes stock below 0 is refused; 0 is refused as a no-op the client did not mean. */
export const adjustStockSchema = named(
  z.strictObject({
    delta: z.int().check(
      z.gte(-Number.MAX_SAFE_INTEGER),
      z.lte(Number.MAX_SAFE_INTEGER),
      z.refine((delta) => delta !== 0, { message: 'The delta must not be 0' }),
    ),
  }),
  'AdjustStock',
);

/** The order levels are listed in: store, then item, by UTF-16 code unit (JS `<`). */
export const compareStockKeys = (a: StockKey, b: StockKey): number => {
  if (a.store !== b.store) return a.store < b.store ? -1 : 1;
  return a.item === b.item ? 0 : a.item < b.item ? -1 : 1;
};

/** Two rows name the same stock level when store and item match exactly (case matters). */
export const stockKeyOf = ({ store, item }: StockKey): string => `${store}\u0000${item}`;
