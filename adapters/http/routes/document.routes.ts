import { documentErrorCodes } from '../../../domain/documents/document-errors';
import { documentRecordSchema } from '../../../domain/documents/document-record';
import type { DocumentService } from '../../../domain/documents/document-service';
import { pageQuerySchema } from '../../../domain/shared/pagination';
import { errorTable } from '../error-table';
import { defineRoute, type Route } from '../route';
import { MAX_IMAGE_UPLOAD_BYTES } from './image.routes';
import { idParamsSchema, pageOf } from './schemas';

/** What each document error means over HTTP. */
export const documentErrors = errorTable(documentErrorCodes, {
  'DOCUMENT.NOT_PDF': 415,
  'DOCUMENT.ENCRYPTED': 422,
  'DOCUMENT.UNREADABLE': 422,
  'DOCUMENT.TOO_LARGE': 413,
  'DOCUMENT.NOT_FOUND': 404,
  'DOCUMENT.SOURCE_NOT_FOUND': 404,
});

const documentPageSchema = pageOf(documentRecordSchema, 'DocumentRecordPage');

export interface DocumentRoutesOptions {
  objectCreated?(key: string): void;
}

export const documentRoutes = (
  documents: DocumentService,
  options: DocumentRoutesOptions = {},
): Route[] => [
  defineRoute({
    method: 'POST',
    path: '/documents',
    operationId: 'uploadDocument',
    summary:
      'Upload a PDF; its summary (pages, title, author, date, first text) is made in the background',
    tags: ['documents'],
    upload: {
      contentTypes: ['application/pdf', 'application/octet-stream'],
      maxBytes: MAX_IMAGE_UPLOAD_BYTES,
      field: 'file',
      description: 'The PDF as the body, or as the `file` field of a multipart form; up to 25 MiB.',
    },
    responses: {
      202: {
        description: 'Accepted: poll the Location for the summary',
        schema: documentRecordSchema,
      },
    },
    errors: ['DOCUMENT.NOT_PDF'],
    handler: async ({ file }) => {
      const record = await documents.upload(file?.bytes ?? new Uint8Array());
      if (record.status === 'queued') options.objectCreated?.(record.source);
      return { status: 202, body: record, headers: { location: `/documents/${record.id}` } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/documents',
    operationId: 'listDocuments',
    summary: 'List document records, by id',
    tags: ['documents'],
    query: pageQuerySchema,
    responses: { 200: { description: 'A page of document records', schema: documentPageSchema } },
    errors: ['PAGINATION.INVALID_CURSOR'],
    handler: async ({ query }) => ({ status: 200, body: await documents.list(query) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/documents/:id',
    operationId: 'getDocument',
    summary: 'Read a document record: status and summary',
    tags: ['documents'],
    params: idParamsSchema,
    responses: { 200: { description: 'The document record', schema: documentRecordSchema } },
    errors: ['DOCUMENT.NOT_FOUND'],
    handler: async ({ params }) => ({ status: 200, body: await documents.get(params.id) }),
  }),
];
