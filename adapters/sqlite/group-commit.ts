import type Database from 'better-sqlite3';

interface Pending {
  write(): unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit: the writes that arrive together share one transaction. A write is queued and
 * the queue runs at the end of the event loop's turn (setImmediate: after the I/O callbacks of
 * this turn, so the requests that came in with it are queued too) as one
 * `BEGIN IMMEDIATE ... COMMIT`, each write inside its own SAVEPOINT (better-sqlite3 nests a
 * transaction function that way): one write's refusal (a taken email, a stale version, too
 * little stock) rolls back that write alone and rejects its promise with its own error.
 *
 * Every promise settles only after the COMMIT that holds its write, so nothing is acknowledged
 * before it is durable; a failed COMMIT rejects every write of the group, none of which is
 * applied. What it saves is the commit itself (the WAL frames of shared pages, the lock, the
 * call into SQLite) per request, when requests arrive together.
 */
export class GroupCommit {
  /** Groups committed and the writes they held (logs, tests). */
  readonly stats = { groups: 0, writes: 0 };
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly one: (pending: Pending) => unknown;
  private readonly all: Database.Transaction<
    (batch: Pending[]) => ({ error: unknown } | { value: unknown })[]
  >;

  constructor(db: Database.Database) {
    this.one = db.transaction((pending: Pending) => pending.write());
    this.all = db.transaction((batch: Pending[]) =>
      batch.map((pending) => {
        try {
          return { value: this.one(pending) };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  /** Runs `write` in the next group; resolves with what it returned once the group committed. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    let outcomes: ({ error: unknown } | { value: unknown })[];
    try {
      outcomes = this.all.immediate(batch);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.stats.groups += 1;
    this.stats.writes += batch.length;
    for (const [i, pending] of batch.entries()) {
      const outcome = outcomes[i]!;
      if ('error' in outcome) pending.reject(outcome.error);
      else pending.resolve(outcome.value);
    }
  }
}
