import * as z from 'zod/mini';
import type { WorkRecord } from '../shared/work-record';
import { workRecordShape } from '../shared/work-record';
import { named } from '../shared/zod';

/** One document (one version of one object) and its summary. Null: not known (yet). */
export const documentRecordSchema = named(
  z.object({
    ...workRecordShape,
    pages: z.nullable(z.int()),
    title: z.nullable(z.string()),
    author: z.nullable(z.string()),
    /** When the PDF says it was created (its CreationDate), ISO 8601. */
    createdOn: z.nullable(z.string()),
    /** The text of the first pages, at most 64 KiB of UTF-8. */
    text: z.nullable(z.string()),
    /** How many pages `text` covers (the last one possibly in part). */
    textPages: z.nullable(z.int()),
    textTruncated: z.nullable(z.boolean()),
    /** Size of the source object. */
    bytes: z.nullable(z.int()),
  }),
  'DocumentRecord',
);
export type DocumentRecord = z.infer<typeof documentRecordSchema>;

export const blankDocumentRecord = (base: WorkRecord): DocumentRecord => ({
  ...base,
  pages: null,
  title: null,
  author: null,
  createdOn: null,
  text: null,
  textPages: null,
  textTruncated: null,
  bytes: null,
});

export const documentSummary = (record: DocumentRecord) => ({
  documentId: record.id,
  source: record.source,
  status: record.status,
  ...(record.failure ? { failure: record.failure.code } : {}),
  pages: record.pages,
});
