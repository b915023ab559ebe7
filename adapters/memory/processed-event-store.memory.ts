import type { ProcessedEventStore } from '../../ports/processed-event-store.port';

export class MemoryProcessedEventStore implements ProcessedEventStore {
  private readonly seen = new Set<string>();

  async has(consumer: string, eventId: string): Promise<boolean> {
    return this.seen.has(`${consumer}\u0000${eventId}`);
  }

  async record(consumer: string, eventId: string): Promise<void> {
    this.seen.add(`${consumer}\u0000${eventId}`);
  }
}
