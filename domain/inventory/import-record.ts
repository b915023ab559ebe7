import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { named } from '../shared/zod';

/** How many rejected rows an import record lists; the rest are only counted. */
export const MAX_LISTED_REJECTIONS = 100;

export const importStatusSchema = z.enum(['queued', 'running', 'completed', 'failed']);
export type ImportStatus = z.infer<typeof importStatusSchema>;

export const rejectedRowSchema = z.object({ line: z.int(), reason: z.string() });
export type RejectedRow = z.infer<typeof rejectedRowSchema>;

/** One import of one version of one CSV object, with what became of its rows. */
export const importRecordSchema = named(
  z.object({
    id: z.string(),
    /** The object key the rows come from. */
    source: z.string(),
    /** The object's ETag when imported: another version of the same key is another import. */
    sourceVersion: z.string(),
    status: importStatusSchema,
    rowsRead: z
      .int()
      .check(z.describe('Data rows read from the file so far (the header is not counted).')),
    rowsImported: z
      .int()
      .check(
        z.describe(
          'Valid rows of the file written so far (in batches: it trails rowsRead while running); ' +
            'once completed, rowsRead - rowsRejected. It counts rows, not stock levels changed: ' +
            'two rows for one item count 2 (the later one sets the count), and a row repeating ' +
            'the count an item holds counts too.',
        ),
      ),
    rowsRejected: z
      .int()
      .check(
        z.describe(
          `Rows refused (unreadable, wrong column count, bad value); the first ${MAX_LISTED_REJECTIONS} are listed in rejected.`,
        ),
      ),
    /** The first 100 rejected rows, by line number (1 is the header). */
    rejected: z.array(rejectedRowSchema),
    /** Why the whole import failed (no header, unreadable object, store down). */
    failure: z.optional(z.string()),
    createdAt: z.iso.datetime(),
    startedAt: z.nullable(z.iso.datetime()),
    finishedAt: z.nullable(z.iso.datetime()),
    updatedAt: z.iso.datetime(),
    version: z.int().check(z.gte(1)),
  }),
  'ImportRecord',
);
export type ImportRecord = z.infer<typeof importRecordSchema>;

/** An ETag as every store can compare it: S3 quotes it in headers, not in its notifications. */
export const sourceVersionOf = (etag: string): string => etag.replaceAll('"', '');

/**
 * An import's id is derived from what it imports (key and ETag), so every trigger of the same
 * object version (an upload, its S3/blob event, a redelivery of that event) names the same import
 * and only the first applies it. 128 bits of SHA-256, shaped as a UUID so routes accept it.
 */
export const importIdFor = (key: string, etag: string): string => {
  const hex = createHash('sha256')
    .update(`${key}\n${sourceVersionOf(etag)}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/** What a log line says of a finished import (the server, the S3 function, the blob trigger). */
export const importSummary = (record: ImportRecord) => ({
  importId: record.id,
  source: record.source,
  status: record.status,
  rowsRead: record.rowsRead,
  rowsImported: record.rowsImported,
  rowsRejected: record.rowsRejected,
  ...(record.failure ? { failure: record.failure } : {}),
});
