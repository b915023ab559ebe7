import type { DomainEvent } from '../../domain/shared/domain-event';
import type { OutboxEntry, OutboxStore } from '../../ports/outbox.port';

interface Row {
  event: DomainEvent;
  attempts: number;
  state: 'pending' | 'delivered' | 'dead';
  nextAttemptAt: number;
  lastError?: string;
}

export class MemoryOutbox implements OutboxStore {
  private readonly rows = new Map<string, Row>();
  private readonly listeners = new Set<() => void>();

  append(events: readonly DomainEvent[]): void {
    for (const event of events) {
      this.rows.set(event.id, { event, attempts: 0, state: 'pending', nextAttemptAt: 0 });
    }
    if (events.length > 0) for (const listener of this.listeners) listener();
  }

  /**
   * Read, decide, write of one entry of `map`, with its events appended: synchronous between
   * awaits, so atomic as the ports ask. `decide` returns `before` itself to write nothing.
   */
  readDecideWrite<T>(
    map: Map<string, T>,
    key: string,
    decide: (before: T | null) => T,
    events: (before: T | null, after: T) => readonly DomainEvent[],
  ): T {
    const before = map.get(key) ?? null;
    const after = decide(before);
    if (after !== before) {
      map.set(key, after);
      this.append(events(before, after));
    }
    return after;
  }

  /** Called after each append, so a relay can deliver without waiting for its next poll. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async due(limit: number, now: Date): Promise<OutboxEntry[]> {
    const due: OutboxEntry[] = [];
    for (const row of this.rows.values()) {
      if (due.length >= limit) break;
      if (row.state === 'pending' && row.nextAttemptAt <= now.getTime()) {
        due.push({ event: row.event, attempts: row.attempts });
      }
    }
    return due;
  }

  async markDelivered(eventIds: readonly string[]): Promise<void> {
    for (const id of eventIds) {
      const row = this.rows.get(id);
      if (row?.state === 'pending') row.state = 'delivered';
    }
  }

  async markFailed(eventId: string, error: string, retryAt: Date | null): Promise<void> {
    const row = this.rows.get(eventId);
    if (!row) return;
    row.attempts += 1;
    row.lastError = error;
    if (retryAt) row.nextAttemptAt = retryAt.getTime();
    else row.state = 'dead';
  }

  async pendingCount(): Promise<number> {
    let count = 0;
    for (const row of this.rows.values()) if (row.state === 'pending') count += 1;
    return count;
  }

  /** Every event ever appended, in order (for tests and demos). */
  all(): DomainEvent[] {
    return [...this.rows.values()].map((row) => row.event);
  }
}
