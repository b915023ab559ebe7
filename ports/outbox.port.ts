import type { DomainEvent } from '../domain/shared/domain-event';

export interface OutboxEntry {
  event: DomainEvent;
  attempts: number;
}

/**
 * Events written in the same transaction as the state change that caused them,
 * waiting to be relayed. Repositories append; the relay reads and marks.
 */
export interface OutboxStore {
  /** Undelivered entries whose next attempt is due, oldest first. */
  due(limit: number, now: Date): Promise<OutboxEntry[]>;
  markDelivered(eventIds: readonly string[]): Promise<void>;
  /** Records a failed attempt; `retryAt` null means give up (dead letter). */
  markFailed(eventId: string, error: string, retryAt: Date | null): Promise<void>;
  /** How many entries are still to deliver (for health and shutdown). */
  pendingCount(): Promise<number>;
}
