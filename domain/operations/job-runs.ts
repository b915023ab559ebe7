import * as z from 'zod/mini';
import type { RecordStore } from '../../ports/record-store.port';
import { updateRecord } from '../shared/versioned-records';
import { named } from '../shared/zod';

/** The last run of a job, as GET /jobs shows it. */
export const jobRunSchema = named(
  z.object({
    name: z.string(),
    startedAt: z.iso.datetime(),
    durationMs: z.int(),
    outcome: z.enum(['succeeded', 'failed']),
    /** What the job did (succeeded) or why it failed. */
    summary: z.record(z.string(), z.unknown()),
  }),
  'JobRun',
);
export type JobRun = z.infer<typeof jobRunSchema>;

const COLLECTION = 'job-runs';

/**
 * The last run of each job, one small record per job in the RecordStore: every store already
 * has one with a contract suite, and only the latest run is kept, so it never grows.
 */
export class JobRunLog {
  constructor(private readonly records: RecordStore) {}

  async last(name: string): Promise<JobRun | null> {
    return (await this.records.get<JobRun>(COLLECTION, name))?.value ?? null;
  }

  /** Last writer wins: two runs finishing together both ran, and either is a true "last run". */
  async record(run: JobRun): Promise<void> {
    await updateRecord<JobRun>(this.records, COLLECTION, run.name, () => run);
  }
}
