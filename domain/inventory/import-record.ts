import * as z from 'zod/mini';
import { objectVersionId, sourceVersionOf } from '../shared/object-version';
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

export { sourceVersionOf };

/** An import is named by the object version it imports: see objectVersionId. */
export const importIdFor = objectVersionId;

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
