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

interface Job {
  id: string;
  body: string;
  dedupId: string | undefined;
  visibleAt: number;
  receiveCount: number;
  dead?: { at: number; reason: string };
}

export interface MemoryJobQueueOptions {
  clock: Clock;
  ids: IdGenerator;
  maxReceiveCount?: number;
  dedupWindowMs?: number;
}

/** The job queue in a Map, with the SQLite queue's semantics: tests and quick demos. */
export class MemoryJobQueue implements JobQueue {
  readonly maxReceiveCount: number;
  private readonly jobs = new Map<string, Job>();
  private readonly dedup = new Map<string, { id: string; at: number }>();
  private readonly dedupWindowMs: number;

  constructor(private readonly options: MemoryJobQueueOptions) {
    this.maxReceiveCount = options.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
    this.dedupWindowMs = options.dedupWindowMs ?? 5 * 60_000;
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  private live(receipt: string): Job | undefined {
    const at = receipt.lastIndexOf(':');
    const job = this.jobs.get(receipt.slice(0, at));
    return job && !job.dead && job.receiveCount === Number(receipt.slice(at + 1)) ? job : undefined;
  }

  async send(job: OutgoingJob): Promise<string> {
    const now = this.now();
    const earlier = job.dedupId === undefined ? undefined : this.dedup.get(job.dedupId);
    if (earlier && earlier.at > now - this.dedupWindowMs) return earlier.id;
    const id = this.options.ids.next();
    this.jobs.set(id, {
      id,
      body: job.body,
      dedupId: job.dedupId,
      visibleAt: now + (job.delaySeconds ?? 0) * 1000,
      receiveCount: 0,
    });
    if (job.dedupId !== undefined) this.dedup.set(job.dedupId, { id, at: now });
    return id;
  }

  async sendBatch(jobs: readonly OutgoingJob[]): Promise<BatchOutcome> {
    for (const job of jobs) await this.send(job);
    return { failed: [] };
  }

  async receive(max: number, visibilitySeconds: number): Promise<ReceivedJob[]> {
    const now = this.now();
    const due = [...this.jobs.values()]
      .filter((job) => !job.dead && job.visibleAt <= now)
      .sort((a, b) => a.visibleAt - b.visibleAt || (a.id < b.id ? -1 : 1));
    const received: ReceivedJob[] = [];
    for (const job of due) {
      if (received.length === max) break;
      if (job.receiveCount >= this.maxReceiveCount) {
        job.dead = { at: now, reason: `received ${job.receiveCount} times without success` };
        continue;
      }
      job.receiveCount += 1;
      job.visibleAt = now + visibilitySeconds * 1000;
      received.push({
        id: job.id,
        body: job.body,
        receipt: `${job.id}:${job.receiveCount}`,
        receiveCount: job.receiveCount,
        dedupId: job.dedupId,
      });
    }
    return received;
  }

  async delete(receipt: string): Promise<void> {
    const job = this.live(receipt);
    if (job) this.jobs.delete(job.id);
  }

  async deleteBatch(receipts: readonly string[]): Promise<BatchOutcome> {
    for (const receipt of receipts) await this.delete(receipt);
    return { failed: [] };
  }

  async release(receipt: string, delaySeconds: number): Promise<void> {
    const job = this.live(receipt);
    if (job) job.visibleAt = this.now() + delaySeconds * 1000;
  }

  async deadLetter(received: ReceivedJob, reason: string): Promise<void> {
    const job = this.live(received.receipt);
    if (job) job.dead = { at: this.now(), reason };
  }

  async stats(): Promise<QueueStats> {
    const now = this.now();
    const stats = { depth: 0, inFlight: 0, delayed: 0, deadLetters: 0 };
    for (const job of this.jobs.values()) {
      if (job.dead) stats.deadLetters += 1;
      else if (job.visibleAt <= now) stats.depth += 1;
      else if (job.receiveCount > 0) stats.inFlight += 1;
      else stats.delayed += 1;
    }
    return stats;
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    return [...this.jobs.values()]
      .flatMap((job) =>
        job.dead
          ? [
              {
                id: job.id,
                body: job.body,
                reason: job.dead.reason,
                receiveCount: job.receiveCount,
                deadAt: new Date(job.dead.at).toISOString(),
              },
            ]
          : [],
      )
      .sort((a, b) => a.deadAt.localeCompare(b.deadAt) || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }

  async redrive(): Promise<number> {
    let moved = 0;
    for (const job of this.jobs.values()) {
      if (!job.dead) continue;
      delete job.dead;
      job.receiveCount = 0;
      job.visibleAt = this.now();
      moved += 1;
    }
    return moved;
  }
}
