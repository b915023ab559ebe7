import type { Clock } from '../../ports/clock.port';
import type { EventBus } from '../../ports/event-bus.port';
import type { Logger } from '../../ports/logger.port';
import type { OutboxStore } from '../../ports/outbox.port';

export interface OutboxRelayOptions {
  batchSize?: number;
  /** How often to look for due entries when nothing kicked the relay (recovery, retries). */
  pollIntervalMs?: number;
  /** After this many failed attempts an entry is dead-lettered and logged. */
  maxAttempts?: number;
  /** Delay before retry n (1-based): exponential, capped. */
  backoffMs?: (attempt: number) => number;
}

const defaultBackoff = (attempt: number) => Math.min(60_000, 200 * 2 ** (attempt - 1));

/**
 * Moves committed events from an OutboxStore to an EventBus, at least once:
 * an event is marked delivered only after the bus accepted it, so a crash in
 * between redelivers it on the next start. One drain runs at a time.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.backoffMs = options.backoffMs ?? defaultBackoff;
  }

  /** Starts polling and delivers whatever a previous process left undelivered. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a drain soon; called after a commit so delivery does not wait for the poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Delivers every entry that is due now; resolves with how many were delivered. */
  drain(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drainLoop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops polling after the drain in flight; then delivers what is due once more (shutdown flush). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.running) await this.running;
    await this.drain();
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.drain()
        .catch((error: unknown) => this.logger.error({ err: error }, 'outbox relay failed'))
        .finally(() => {
          if (!this.stopped) this.schedule(this.again ? 0 : this.pollIntervalMs);
          this.again = false;
        });
    }, delayMs);
    this.timer.unref();
  }

  private async drainLoop(): Promise<number> {
    let delivered = 0;
    for (;;) {
      this.again = false;
      const entries = await this.outbox.due(this.batchSize, this.clock.now());
      if (entries.length === 0) return delivered;
      const done: string[] = [];
      for (const { event, attempts } of entries) {
        try {
          await this.bus.publish([event]);
          done.push(event.id);
        } catch (error) {
          const attempt = attempts + 1;
          const message = error instanceof Error ? error.message : String(error);
          const retryAt =
            attempt >= this.maxAttempts
              ? null
              : new Date(this.clock.now().getTime() + this.backoffMs(attempt));
          await this.outbox.markFailed(event.id, message, retryAt);
          const log = { eventId: event.id, type: event.type, attempt, error: message };
          if (retryAt) this.logger.warn(log, 'event delivery failed; will retry');
          else this.logger.error(log, 'event delivery failed for good; dead-lettered');
        }
      }
      if (done.length > 0) await this.outbox.markDelivered(done);
      delivered += done.length;
      if (entries.length < this.batchSize && !this.again) return delivered;
    }
  }
}
