import type Database from 'better-sqlite3';
import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import {
  type BatchOutcome,
  DEFAULT_MAX_RECEIVE_COUNT,
  type DeadLetter,
  type JobQueue,
  type OutgoingJob,
  type QueueStats,
  type ReceivedJob,
} from '../../ports/job-queue.port';
import type { SqliteDatabase } from './sqlite-database';

export interface SqliteJobQueueOptions {
  clock: Clock;
  ids: IdGenerator;
  maxReceiveCount?: number;
  /** How long a deduplication id is remembered after its send (SQS FIFO: 5 minutes). */
  dedupWindowMs?: number;
}

interface JobRow {
  id: string;
  body: string;
  dedup_id: string | null;
  receive_count: number;
}

const RECEIPT = /^(.+):(\d+)$/;
const parseReceipt = (receipt: string): [string, number] => {
  const match = RECEIPT.exec(receipt);
  if (!match) throw new Error(`Not a receipt of this queue: ${receipt}`);
  return [match[1]!, Number(match[2])];
};

/**
 * The job queue of the embedded server (schema: job-queue-schema.sqlite.ts). Every change goes
 * through the database's group commit, so jobs sent, received and deleted together share one
 * transaction, and each call resolves only once its change is durable.
 */
export class SqliteJobQueue implements JobQueue {
  readonly maxReceiveCount: number;
  private readonly dedupWindowMs: number;
  private readonly statements;

  constructor(
    private readonly store: SqliteDatabase,
    private readonly options: SqliteJobQueueOptions,
  ) {
    this.maxReceiveCount = options.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
    this.dedupWindowMs = options.dedupWindowMs ?? 5 * 60_000;
    const db: Database.Database = store.db;
    this.statements = {
      insert: db.prepare<[string, string, string | null, number]>(
        'INSERT INTO jobs (id, body, dedup_id, visible_at) VALUES (?, ?, ?, ?)',
      ),
      dedupOf: db.prepare<[string, number], { message_id: string }>(
        'SELECT message_id FROM job_dedup WHERE dedup_id = ? AND sent_at > ?',
      ),
      remember: db.prepare<[string, string, number]>(
        'INSERT OR REPLACE INTO job_dedup (dedup_id, message_id, sent_at) VALUES (?, ?, ?)',
      ),
      forget: db.prepare<[number]>('DELETE FROM job_dedup WHERE sent_at <= ?'),
      due: db.prepare<[number, number], JobRow>(
        `SELECT id, body, dedup_id, receive_count FROM jobs
         WHERE dead_at IS NULL AND visible_at <= ? ORDER BY visible_at, id LIMIT ?`,
      ),
      hide: db.prepare<[number, string]>(
        'UPDATE jobs SET visible_at = ?, receive_count = receive_count + 1 WHERE id = ?',
      ),
      kill: db.prepare<[number, string, string]>(
        'UPDATE jobs SET dead_at = ?, reason = ? WHERE id = ? AND dead_at IS NULL',
      ),
      killReceived: db.prepare<[number, string, string, number]>(
        'UPDATE jobs SET dead_at = ?, reason = ? WHERE id = ? AND receive_count = ? AND dead_at IS NULL',
      ),
      remove: db.prepare<[string, number]>(
        'DELETE FROM jobs WHERE id = ? AND receive_count = ? AND dead_at IS NULL',
      ),
      show: db.prepare<[number, string, number]>(
        'UPDATE jobs SET visible_at = ? WHERE id = ? AND receive_count = ? AND dead_at IS NULL',
      ),
      counts: db.prepare<
        [number, number, number],
        { depth: number; in_flight: number; delayed: number; dead: number }
      >(
        `SELECT
           COALESCE(SUM(dead_at IS NULL AND visible_at <= ?), 0) AS depth,
           COALESCE(SUM(dead_at IS NULL AND visible_at > ? AND receive_count > 0), 0) AS in_flight,
           COALESCE(SUM(dead_at IS NULL AND visible_at > ? AND receive_count = 0), 0) AS delayed,
           COALESCE(SUM(dead_at IS NOT NULL), 0) AS dead
         FROM jobs`,
      ),
      dead: db.prepare<
        [number],
        { id: string; body: string; reason: string; receive_count: number; dead_at: number }
      >(
        `SELECT id, body, reason, receive_count, dead_at FROM jobs
         WHERE dead_at IS NOT NULL ORDER BY dead_at, id LIMIT ?`,
      ),
      redrive: db.prepare<[number]>(
        'UPDATE jobs SET dead_at = NULL, reason = NULL, receive_count = 0, visible_at = ? WHERE dead_at IS NOT NULL',
      ),
    };
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  /** Runs synchronously inside a transaction: the dedup check and the insert cannot be split. */
  private sendNow(job: OutgoingJob, now: number): string {
    const s = this.statements;
    if (job.dedupId !== undefined) {
      // Ids past the window are forgotten as new ones come (an index range, not a scan).
      s.forget.run(now - this.dedupWindowMs);
      const earlier = s.dedupOf.get(job.dedupId, now - this.dedupWindowMs);
      if (earlier) return earlier.message_id;
    }
    const id = this.options.ids.next();
    s.insert.run(id, job.body, job.dedupId ?? null, now + (job.delaySeconds ?? 0) * 1000);
    if (job.dedupId !== undefined) s.remember.run(job.dedupId, id, now);
    return id;
  }

  send(job: OutgoingJob): Promise<string> {
    return this.store.group.run(() => this.sendNow(job, this.now()));
  }

  async sendBatch(jobs: readonly OutgoingJob[]): Promise<BatchOutcome> {
    const now = this.now();
    const results = await Promise.allSettled(
      jobs.map((job) => this.store.group.run(() => this.sendNow(job, now))),
    );
    return {
      failed: results.flatMap((result, index) =>
        result.status === 'rejected' ? [{ index, reason: String(result.reason) }] : [],
      ),
    };
  }

  receive(max: number, visibilitySeconds: number): Promise<ReceivedJob[]> {
    return this.store.group.run(() => {
      const s = this.statements;
      const now = this.now();
      const received: ReceivedJob[] = [];
      // Rows past their last receive go to the dead letters as they come due; keep looking
      // until `max` live ones are found or none is due.
      while (received.length < max) {
        const rows = s.due.all(now, max - received.length);
        if (rows.length === 0) break;
        for (const row of rows) {
          if (row.receive_count >= this.maxReceiveCount) {
            s.kill.run(now, `received ${row.receive_count} times without success`, row.id);
            continue;
          }
          s.hide.run(now + visibilitySeconds * 1000, row.id);
          const receiveCount = row.receive_count + 1;
          received.push({
            id: row.id,
            body: row.body,
            receipt: `${row.id}:${receiveCount}`,
            receiveCount,
            dedupId: row.dedup_id ?? undefined,
          });
        }
      }
      return received;
    });
  }

  async delete(receipt: string): Promise<void> {
    const [id, count] = parseReceipt(receipt);
    await this.store.group.run(() => this.statements.remove.run(id, count));
  }

  async deleteBatch(receipts: readonly string[]): Promise<BatchOutcome> {
    const results = await Promise.allSettled(receipts.map((receipt) => this.delete(receipt)));
    return {
      failed: results.flatMap((result, index) =>
        result.status === 'rejected' ? [{ index, reason: String(result.reason) }] : [],
      ),
    };
  }

  async release(receipt: string, delaySeconds: number): Promise<void> {
    const [id, count] = parseReceipt(receipt);
    await this.store.group.run(() =>
      this.statements.show.run(this.now() + delaySeconds * 1000, id, count),
    );
  }

  async deadLetter(job: ReceivedJob, reason: string): Promise<void> {
    const [id, count] = parseReceipt(job.receipt);
    await this.store.group.run(() =>
      this.statements.killReceived.run(this.now(), reason, id, count),
    );
  }

  async stats(): Promise<QueueStats> {
    const now = this.now();
    const row = this.statements.counts.get(now, now, now)!;
    return {
      depth: row.depth,
      inFlight: row.in_flight,
      delayed: row.delayed,
      deadLetters: row.dead,
    };
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    return this.statements.dead.all(limit).map((row) => ({
      id: row.id,
      body: row.body,
      reason: row.reason,
      receiveCount: row.receive_count,
      deadAt: new Date(row.dead_at).toISOString(),
    }));
  }

  async redrive(): Promise<number> {
    return this.store.group.run(() => this.statements.redrive.run(this.now()).changes);
  }
}
