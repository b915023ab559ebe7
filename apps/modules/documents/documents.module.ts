import { FileTypeSniffer } from '../../../adapters/file-type/content-sniffer.file-type';
import { documentErrors, documentRoutes } from '../../../adapters/http/routes/document.routes';
import { type DocumentRecord, documentSummary } from '../../../domain/documents/document-record';
import {
  DOCUMENT_UPLOAD_PREFIX,
  DOCUMENTS_PREFIX,
  DocumentService,
  type DocumentServiceOptions,
} from '../../../domain/documents/document-service';
import type { DocumentReader } from '../../../ports/document-reader.port';
import type { WorkRecordStore } from '../../../ports/work-record-store.port';
import { lazyObject } from '../../composition/lazy';
import { defineModule } from '../domain-module';

export interface DocumentsStores {
  documents: WorkRecordStore<DocumentRecord>;
}

export interface DocumentsServices {
  documents: DocumentService;
}

/** PDF.js is about 2 MB of JavaScript: loaded by the first document read, not at start. */
const pdfReader = (): DocumentReader =>
  lazyObject(async () => {
    const { PdfJsDocumentReader } = await import('../../../adapters/pdfjs/document-reader.pdfjs');
    return new PdfJsDocumentReader();
  });

export const documentsModule = defineModule<
  DocumentsStores,
  DocumentsServices,
  DocumentServiceOptions
>({
  name: 'documents',
  errors: documentErrors,
  stores: {
    memory: () => import('./documents.memory').then((slice) => slice.documentsOnMemory),
    sqlite: () => import('./documents.sqlite').then((slice) => slice.documentsOnSqlite),
    dynamodb: () => import('./documents.dynamodb').then((slice) => slice.documentsOnDynamoDb),
    'azure-tables': () => import('./documents.tables').then((slice) => slice.documentsOnTables),
  },
  services: ({ stores, objects, clock, ids, options }) => ({
    documents: new DocumentService(
      stores.documents,
      objects,
      pdfReader(),
      new FileTypeSniffer(),
      clock,
      ids,
      options,
    ),
  }),
  routes: ({ documents }, { objectCreated }) => documentRoutes(documents, { objectCreated }),
  objects: [
    {
      prefix: DOCUMENTS_PREFIX,
      onCreated: async ({ documents }, key) => documentSummary(await documents.process(key)),
      ownFunction: {
        name: 'documents',
        suffixes: ['.pdf'],
        description: 'Summaries of PDFs created under documents/ (PDF.js)',
      },
      resume: {
        prefix: DOCUMENT_UPLOAD_PREFIX,
        run: async ({ documents }, key) => {
          const record = await documents.resume(key);
          return record && documentSummary(record);
        },
      },
    },
  ],
});
