import * as z from 'zod/mini';
import { importRecordSchema } from '../../../domain/inventory/import-record';
import { inventoryErrorCodes } from '../../../domain/inventory/inventory-errors';
import type { InventoryService } from '../../../domain/inventory/inventory-service';
import {
  adjustStockSchema,
  setStockSchema,
  stockKeySchema,
  stockLevelSchema,
  storeNameSchema,
} from '../../../domain/inventory/stock-level';
import { pageQuerySchema } from '../../../domain/shared/pagination';
import { expectedVersionFrom, withEtag } from '../concurrency';
import { errorTable } from '../error-table';
import { defineRoute, type Route } from '../route';
import { idParamsSchema, ifMatchHeader, pageOf, recordPageQuerySchema } from './schemas';

/** API Gateway takes at most 10 MB a request (Lambda 6 MB): bigger files go to the bucket. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const stockPageSchema = pageOf(stockLevelSchema, 'StockLevelPage');
const importPageSchema = pageOf(importRecordSchema, 'ImportRecordPage');
const listStockQuery = z.extend(pageQuerySchema, { store: z.optional(storeNameSchema) });

/** What each inventory error means over HTTP. */
export const inventoryErrors = errorTable(inventoryErrorCodes, {
  'INVENTORY.NOT_FOUND': 404,
  'INVENTORY.INSUFFICIENT_STOCK': 409,
  'INVENTORY.COUNT_TOO_LARGE': 409,
  'INVENTORY.VERSION_MISMATCH': 409,
  'INVENTORY.IMPORT_NOT_FOUND': 404,
  'INVENTORY.SOURCE_NOT_FOUND': 404,
});

export interface InventoryRoutesOptions {
  /**
   * Announces an uploaded CSV where no object-created trigger does (the server runs its import
   * at once); on the clouds the trigger on inventory/ does, so this is left out there.
   */
  objectCreated?(key: string): void;
}

export const inventoryRoutes = (
  inventory: InventoryService,
  options: InventoryRoutesOptions = {},
): Route[] => [
  defineRoute({
    method: 'POST',
    path: '/inventory/imports',
    operationId: 'importInventory',
    summary:
      'Upload a store,item,count CSV; it is kept in object storage and imported in the background',
    tags: ['inventory'],
    upload: {
      contentTypes: ['text/csv', 'text/plain', 'application/octet-stream'],
      maxBytes: MAX_UPLOAD_BYTES,
      field: 'file',
      description:
        'The CSV as the body (text/csv), or as the `file` field of a multipart form. Header `store,item,count`; up to 10 MiB (put larger files straight into the bucket under inventory/).',
    },
    responses: {
      202: {
        description: 'Accepted: poll the Location for the import record',
        schema: importRecordSchema,
      },
    },
    errors: [],
    handler: async ({ file }) => {
      const record = await inventory.upload(file?.bytes ?? new Uint8Array());
      if (record.status === 'queued') options.objectCreated?.(record.source);
      return {
        status: 202,
        body: record,
        headers: { location: `/inventory/imports/${record.id}` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/inventory/imports',
    operationId: 'listInventoryImports',
    summary:
      'List imports newest first (by createdAt, then id), each whole: status, row counts and the first 100 rejected rows',
    tags: ['inventory'],
    query: recordPageQuerySchema,
    responses: { 200: { description: 'A page of import records', schema: importPageSchema } },
    errors: ['PAGINATION.INVALID_CURSOR'],
    handler: async ({ query }) => ({ status: 200, body: await inventory.listImports(query) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/inventory/imports/:id',
    operationId: 'getInventoryImport',
    summary: 'Read an import: its status, row counts and the first 100 rejected rows',
    tags: ['inventory'],
    params: idParamsSchema,
    responses: { 200: { description: 'The import record', schema: importRecordSchema } },
    errors: ['INVENTORY.IMPORT_NOT_FOUND'],
    handler: async ({ params }) => ({ status: 200, body: await inventory.getImport(params.id) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/inventory',
    operationId: 'listStock',
    summary: 'List stock levels by store then item, optionally of one store',
    tags: ['inventory'],
    query: listStockQuery,
    responses: { 200: { description: 'A page of stock levels', schema: stockPageSchema } },
    errors: ['PAGINATION.INVALID_CURSOR'],
    handler: async ({ query }) => ({
      status: 200,
      body: await inventory.list({ store: query.store }, query),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/inventory/:store/:item',
    operationId: 'getStock',
    summary: 'Read the stock level of an item in a store (a store named "imports" is listed only)',
    tags: ['inventory'],
    params: stockKeySchema,
    responses: {
      200: { description: 'The stock level; ETag carries its version', schema: stockLevelSchema },
    },
    errors: ['INVENTORY.NOT_FOUND'],
    handler: ({ params }) => inventory.get(params).then((level) => withEtag(level)),
  }),
  defineRoute({
    method: 'PUT',
    path: '/inventory/:store/:item',
    operationId: 'setStock',
    summary: 'Set the count of an item in a store, creating the level if needed',
    tags: ['inventory'],
    params: stockKeySchema,
    body: setStockSchema,
    headers: [ifMatchHeader],
    responses: { 200: { description: 'The stock level as set', schema: stockLevelSchema } },
    errors: ['INVENTORY.NOT_FOUND', 'INVENTORY.VERSION_MISMATCH'],
    handler: async ({ params, body, headers }) => {
      const version =
        (await expectedVersionFrom(headers['if-match'], () =>
          inventory.get(params).then((level) => level.version),
        )) ?? body.version;
      return withEtag(await inventory.set(params, body.count, version));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/inventory/:store/:item/adjust',
    operationId: 'adjustStock',
    summary: 'Add to or take from the count atomically; never below 0',
    tags: ['inventory'],
    params: stockKeySchema,
    body: adjustStockSchema,
    responses: {
      200: { description: 'The stock level after the change', schema: stockLevelSchema },
    },
    errors: ['INVENTORY.NOT_FOUND', 'INVENTORY.INSUFFICIENT_STOCK', 'INVENTORY.COUNT_TOO_LARGE'],
    handler: async ({ params, body }) => withEtag(await inventory.adjust(params, body.delta)),
  }),
];
