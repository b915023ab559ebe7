import type { TableStore } from '../../../adapters/azure/tables/table-store';
import {
  TableWorkRecordStore,
  workRecordPartitions,
} from '../../../adapters/azure/tables/work-record-store.tables';
import { imageRecordSchema } from '../../../domain/images/image-record';

export const imagesOnTables = {
  partitions: workRecordPartitions('image'),
  create: (store: TableStore) => ({
    images: new TableWorkRecordStore(store, 'image', imageRecordSchema),
  }),
};
