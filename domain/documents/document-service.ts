import type { Clock } from '../../ports/clock.port';
import type { ContentSniffer } from '../../ports/content-sniffer.port';
import type { DocumentReader } from '../../ports/document-reader.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { ObjectStore } from '../../ports/object-store.port';
import type { WorkRecordStore } from '../../ports/work-record-store.port';
import { readObjectBytes } from '../shared/object-bytes';
import { ObjectWork } from '../shared/object-work';
import type { Page, PageRequest } from '../shared/pagination';
import { describeSniffed } from '../shared/sniffed-type';
import {
  DocumentInputError,
  DocumentNotFoundError,
  DocumentSourceNotFoundError,
  DocumentTooLargeError,
  NotPdfError,
} from './document-errors';
import { documentEventsFor } from './document-events';
import { blankDocumentRecord, type DocumentRecord } from './document-record';
import { firstPagesText, MAX_TEXT_BYTES } from './document-text';

export const DOCUMENTS_PREFIX = 'documents/';
export const DOCUMENT_UPLOAD_PREFIX = `${DOCUMENTS_PREFIX}uploads/`;

export interface DocumentServiceOptions {
  /** Largest source object read; 100 MiB by default. */
  maxBytes?: number;
  maxTextBytes?: number;
  leaseMs?: number;
}

export type DocumentSummary = Pick<
  DocumentRecord,
  'pages' | 'title' | 'author' | 'createdOn' | 'text' | 'textPages' | 'textTruncated' | 'bytes'
>;

export class DocumentService {
  private readonly work: ObjectWork<DocumentRecord>;
  private readonly maxBytes: number;
  private readonly maxTextBytes: number;

  constructor(
    records: WorkRecordStore<DocumentRecord>,
    private readonly objects: ObjectStore,
    private readonly reader: DocumentReader,
    private readonly sniffer: ContentSniffer,
    clock: Clock,
    private readonly ids: IdGenerator,
    options: DocumentServiceOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 100 * 1024 * 1024;
    this.maxTextBytes = options.maxTextBytes ?? MAX_TEXT_BYTES;
    this.work = new ObjectWork<DocumentRecord>(records, objects, clock, ids, {
      blank: blankDocumentRecord,
      eventsFor: documentEventsFor,
      isInputError: (error): error is DocumentInputError => error instanceof DocumentInputError,
      notFound: (id) => new DocumentNotFoundError(id),
      sourceNotFound: (key) => new DocumentSourceNotFoundError(key),
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    });
  }

  get(id: string): Promise<DocumentRecord> {
    return this.work.get(id);
  }

  list(page: PageRequest): Promise<Page<DocumentRecord>> {
    return this.work.list(page);
  }

  /** Keeps an uploaded PDF under documents/uploads/ and records it as queued; non-PDFs are refused. */
  async upload(bytes: Uint8Array): Promise<DocumentRecord> {
    await this.checkPdf(bytes);
    const key = `${DOCUMENT_UPLOAD_PREFIX}${this.ids.next()}.pdf`;
    const info = await this.objects.put(key, bytes, { contentType: 'application/pdf' });
    return this.work.queue(info);
  }

  /** The one call every object-created trigger makes: reads this version of `key` once. */
  process(key: string): Promise<DocumentRecord> {
    return this.work.run(key, (record) => this.readRecord(record));
  }

  resume(key: string): Promise<DocumentRecord | null> {
    return this.work.resume(key, (record) => this.readRecord(record));
  }

  /** The summary of a PDF held in memory (the CLI). */
  async summarize(bytes: Uint8Array): Promise<DocumentSummary> {
    await this.checkPdf(bytes);
    const document = await this.reader.open(bytes);
    try {
      const text = await firstPagesText(document, this.maxTextBytes);
      return {
        pages: document.pages,
        title: document.title,
        author: document.author,
        createdOn: document.createdAt,
        ...text,
        bytes: bytes.byteLength,
      };
    } finally {
      await document.close();
    }
  }

  private async checkPdf(bytes: Uint8Array): Promise<void> {
    const sniffed = await this.sniffer.sniff(bytes);
    if (sniffed?.mime !== 'application/pdf') {
      throw new NotPdfError(describeSniffed(sniffed));
    }
  }

  private async readRecord(record: DocumentRecord): Promise<Partial<DocumentRecord>> {
    const object = await this.objects.get(record.source);
    if (!object) throw new DocumentSourceNotFoundError(record.source);
    const bytes = await readObjectBytes(object.body, this.maxBytes);
    if (!bytes) throw new DocumentTooLargeError(object.info.size, this.maxBytes);
    return this.summarize(bytes);
  }
}
