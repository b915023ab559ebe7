import { SystemClock } from '../../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../../adapters/local/id-generator.uuidv7';
import { MemoryJobQueue } from '../../../adapters/memory/job-queue.memory';
import { MemoryProcessedEventStore } from '../../../adapters/memory/processed-event-store.memory';
import { MemoryRecordStore } from '../../../adapters/memory/record-store.memory';

export const messagingOnMemory = {
  create: () => ({
    jobs: new MemoryJobQueue({ clock: new SystemClock(), ids: new UuidV7IdGenerator() }),
    docs: new MemoryRecordStore(),
    processed: new MemoryProcessedEventStore(),
  }),
};
