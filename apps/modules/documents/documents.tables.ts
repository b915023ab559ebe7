import type { TableStore } from '../../../adapters/azure/tables/table-store';
import {
  TableWorkRecordStore,
  workRecordPartitions,
} from '../../../adapters/azure/tables/work-record-store.tables';
import { documentRecordSchema } from '../../../domain/documents/document-record';

export const documentsOnTables = {
  partitions: workRecordPartitions('document'),
  create: (store: TableStore) => ({
    documents: new TableWorkRecordStore(store, 'document', documentRecordSchema),
  }),
};
