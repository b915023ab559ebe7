import type { MemoryOutbox } from '../../../adapters/memory/outbox.memory';
import { MemoryWorkRecordStore } from '../../../adapters/memory/work-record-store.memory';
import type { DocumentRecord } from '../../../domain/documents/document-record';

export const documentsOnMemory = {
  create: (outbox: MemoryOutbox) => ({
    documents: new MemoryWorkRecordStore<DocumentRecord>(outbox),
  }),
};
