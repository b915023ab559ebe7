import * as z from 'zod/mini';

export const workStatusSchema = z.enum(['queued', 'processing', 'done', 'failed']);
export type WorkStatus = z.infer<typeof workStatusSchema>;

export const workFailureSchema = z.object({ code: z.string(), message: z.string() });
export type WorkFailure = z.infer<typeof workFailureSchema>;

/**
 * The fields every record of work on one object version has (an image processed, a document
 * read): spread into each domain's own schema.
 */
export const workRecordShape = {
  id: z.string(),
  /** The object key the work reads. */
  source: z.string(),
  /** The object's ETag: another version of the same key is another record. */
  sourceVersion: z.string(),
  status: workStatusSchema,
  /** Why it failed (status failed: the input's fault, final), or why the last try stopped (queued again: ours, retried). */
  failure: z.optional(workFailureSchema),
  createdAt: z.iso.datetime(),
  startedAt: z.nullable(z.iso.datetime()),
  finishedAt: z.nullable(z.iso.datetime()),
  updatedAt: z.iso.datetime(),
  version: z.int().check(z.gte(1)),
};

export interface WorkRecord {
  id: string;
  source: string;
  sourceVersion: string;
  status: WorkStatus;
  failure?: WorkFailure | undefined;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  version: number;
}
