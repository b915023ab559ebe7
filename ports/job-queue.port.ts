/** A job to put on the queue. */
export interface OutgoingJob {
  /** The message text (the typed message as JSON). */
  body: string;
  /** Seconds before the job may be received (SQS allows up to 900). */
  delaySeconds?: number;
  /**
   * A second send with the same id, while the first is still on the queue or within the
   * queue's deduplication window, enqueues nothing. Not every queue can honour it (SQS standard,
   * Storage Queue): consumers also dedupe on it.
   */
  dedupId?: string;
}

/** A job handed to a consumer: hidden from others until deleted, returned or its timeout passes. */
export interface ReceivedJob {
  /** The queue's message id (stable across receives). */
  id: string;
  body: string;
  /** This receive's handle: delete, return and dead-letter take it. */
  receipt: string;
  /** How many times it has been received, this time included (1 on the first). */
  receiveCount: number;
  dedupId?: string | undefined;
}

/** A job that will not be processed again unless redriven, with why. */
export interface DeadLetter {
  id: string;
  body: string;
  reason: string;
  receiveCount: number;
  deadAt: string;
}

export interface QueueStats {
  /** Ready to be received now. */
  depth: number;
  /** Received and neither deleted nor timed out. Null where the queue cannot say (Storage Queue). */
  inFlight: number | null;
  /** Sent with a delay not yet over. Null where the queue cannot say. */
  delayed: number | null;
  deadLetters: number;
}

/** Per-entry outcome of a batch call: the entries that failed, by their index, with why. */
export interface BatchOutcome {
  failed: { index: number; reason: string }[];
}

/**
 * A queue of jobs with SQS's semantics: at-least-once delivery, a visibility timeout per
 * receive, and a dead-letter state a job reaches after `maxReceiveCount` receives (3 by
 * default) or at once when its consumer says it can never succeed.
 */
export interface JobQueue {
  readonly maxReceiveCount: number;
  /** Resolves with the message id (the first one's, when deduplicated). */
  send(job: OutgoingJob): Promise<string>;
  /** Up to 10 jobs; entries may fail alone (SendMessageBatch). */
  sendBatch(jobs: readonly OutgoingJob[]): Promise<BatchOutcome>;
  /**
   * Up to `max` jobs visible now, each hidden for `visibilitySeconds`. A job received
   * `maxReceiveCount` times already goes to the dead letters instead of being returned.
   */
  receive(max: number, visibilitySeconds: number): Promise<ReceivedJob[]>;
  /** Done with it. A stale receipt (the job came back and was received again) is ignored. */
  delete(receipt: string): Promise<void>;
  deleteBatch(receipts: readonly string[]): Promise<BatchOutcome>;
  /** Gives it back, visible again after `delaySeconds` (0: at once): a retry with backoff. */
  release(receipt: string, delaySeconds: number): Promise<void>;
  /** Moves it to the dead letters now, with the reason: it can never succeed. */
  deadLetter(job: ReceivedJob, reason: string): Promise<void>;
  stats(): Promise<QueueStats>;
  /** Oldest first, at most `limit`. */
  deadLetters(limit: number): Promise<DeadLetter[]>;
  /**
   * Moves every dead letter back to the queue with a fresh receive count; resolves with how
   * many (SQS: how many it started moving, as its message move task runs on its own).
   */
  redrive(): Promise<number>;
}

export const DEFAULT_MAX_RECEIVE_COUNT = 3;

/** What a consumer decided for one received job; each door settles it its own way. */
export type JobSettlement =
  | { outcome: 'succeeded' }
  | { outcome: 'retry'; delaySeconds: number; reason: string }
  | { outcome: 'dead'; reason: string };
