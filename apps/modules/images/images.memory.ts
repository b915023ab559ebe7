import type { MemoryOutbox } from '../../../adapters/memory/outbox.memory';
import { MemoryWorkRecordStore } from '../../../adapters/memory/work-record-store.memory';
import type { ImageRecord } from '../../../domain/images/image-record';

export const imagesOnMemory = {
  create: (outbox: MemoryOutbox) => ({ images: new MemoryWorkRecordStore<ImageRecord>(outbox) }),
};
