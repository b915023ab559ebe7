import type { DynamoDbTable } from '../../../adapters/aws/dynamodb/dynamodb-store';
import { workRecordItemKind } from '../../../adapters/aws/dynamodb/work-record-items';
import { DynamoDbWorkRecordStore } from '../../../adapters/aws/dynamodb/work-record-store.dynamodb';
import { imageEventsFor } from '../../../domain/images/image-events';
import { imageRecordSchema } from '../../../domain/images/image-record';

const kind = { name: 'image', schema: imageRecordSchema, eventsFor: imageEventsFor };

export const imagesOnDynamoDb = {
  itemKinds: [workRecordItemKind(kind)],
  create: (table: DynamoDbTable) => ({ images: new DynamoDbWorkRecordStore(table, kind) }),
};
