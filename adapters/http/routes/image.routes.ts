import * as z from 'zod/mini';
import { imageErrorCodes } from '../../../domain/images/image-errors';
import { imageRecordSchema } from '../../../domain/images/image-record';
import type { ImageService } from '../../../domain/images/image-service';
import { VARIANT_NAMES, type VariantName } from '../../../domain/images/image-variants';
import { pageQuerySchema } from '../../../domain/shared/pagination';
import { errorTable } from '../error-table';
import { defineRoute, type Route } from '../route';
import { idParamsSchema, pageOf } from './schemas';

/**
 * The upload limit of the issue. The server takes it whole; API Gateway stops a request at
 * 10 MB and Lambda at 6 MB, so larger images go straight into the bucket under images/.
 */
export const MAX_IMAGE_UPLOAD_BYTES = 25 * 1024 * 1024;

/** What each image error means over HTTP. */
export const imageErrors = errorTable(imageErrorCodes, {
  'IMAGE.UNSUPPORTED_FORMAT': 415,
  'IMAGE.TOO_LARGE': 413,
  'IMAGE.UNREADABLE': 422,
  'IMAGE.NOT_FOUND': 404,
  'IMAGE.VARIANT_NOT_READY': 409,
  'IMAGE.SOURCE_NOT_FOUND': 404,
});

const imagePageSchema = pageOf(imageRecordSchema, 'ImageRecordPage');
const variantParamsSchema = z.object({
  id: idParamsSchema.shape.id,
  variant: z.enum(VARIANT_NAMES as [VariantName, ...VariantName[]]),
});

export interface ImageRoutesOptions {
  /** Announces a stored upload where no object-created trigger does (the server). */
  objectCreated?(key: string): void;
}

export const imageRoutes = (images: ImageService, options: ImageRoutesOptions = {}): Route[] => [
  defineRoute({
    method: 'POST',
    path: '/images',
    operationId: 'uploadImage',
    summary: 'Upload an image; its thumbnails and optimized copy are made in the background',
    tags: ['images'],
    upload: {
      contentTypes: ['image/*', 'application/octet-stream'],
      maxBytes: MAX_IMAGE_UPLOAD_BYTES,
      field: 'file',
      description:
        'The image as the body (any image/* type), or as the `file` field of a multipart form; up to 25 MiB. The format is read from the bytes: JPEG, PNG, WebP, GIF, TIFF, AVIF or BMP.',
    },
    responses: {
      202: { description: 'Accepted: poll the Location for the record', schema: imageRecordSchema },
    },
    errors: ['IMAGE.UNSUPPORTED_FORMAT'],
    handler: async ({ file }) => {
      const record = await images.upload(file?.bytes ?? new Uint8Array());
      if (record.status === 'queued') options.objectCreated?.(record.source);
      return { status: 202, body: record, headers: { location: `/images/${record.id}` } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/images',
    operationId: 'listImages',
    summary: 'List image records, by id',
    tags: ['images'],
    query: pageQuerySchema,
    responses: { 200: { description: 'A page of image records', schema: imagePageSchema } },
    errors: ['PAGINATION.INVALID_CURSOR'],
    handler: async ({ query }) => ({ status: 200, body: await images.list(query) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/images/:id',
    operationId: 'getImage',
    summary: 'Read an image record: status, what the source is, and each variant',
    tags: ['images'],
    params: idParamsSchema,
    responses: { 200: { description: 'The image record', schema: imageRecordSchema } },
    errors: ['IMAGE.NOT_FOUND'],
    handler: async ({ params }) => ({ status: 200, body: await images.get(params.id) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/images/:id/:variant',
    operationId: 'getImageVariant',
    summary: 'Redirect to a short-lived presigned URL of one variant',
    tags: ['images'],
    params: variantParamsSchema,
    responses: { 302: { description: 'Location is the presigned URL (valid 5 minutes)' } },
    errors: ['IMAGE.NOT_FOUND', 'IMAGE.VARIANT_NOT_READY'],
    handler: async ({ params }) => ({
      status: 302,
      headers: { location: await images.variantUrl(params.id, params.variant) },
    }),
  }),
];
