import type { Logger } from '../../ports/logger.port';

/**
 * Work the server runs after answering (an upload's import, resuming what a previous run left),
 * as an S3 notification or a blob trigger runs it on the clouds. Shutdown waits for it; work cut
 * short by a crash is found again at start (resumeUnfinished) or taken over when its lease ends.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Starts `work` now; a failure is logged with `context`, never thrown to the caller. */
  run(what: string, work: () => Promise<unknown>, context: Record<string, unknown> = {}): void {
    const tracked: Promise<void> = work()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ ...context, err: error }, `${what} failed`))
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Resolves when every piece of work started so far has ended. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
