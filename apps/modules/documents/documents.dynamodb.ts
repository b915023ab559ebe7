import type { DynamoDbTable } from '../../../adapters/aws/dynamodb/dynamodb-store';
import { workRecordItemKind } from '../../../adapters/aws/dynamodb/work-record-items';
import { DynamoDbWorkRecordStore } from '../../../adapters/aws/dynamodb/work-record-store.dynamodb';
import { documentEventsFor } from '../../../domain/documents/document-events';
import { documentRecordSchema } from '../../../domain/documents/document-record';

const kind = { name: 'document', schema: documentRecordSchema, eventsFor: documentEventsFor };

export const documentsOnDynamoDb = {
  itemKinds: [workRecordItemKind(kind)],
  create: (table: DynamoDbTable) => ({ documents: new DynamoDbWorkRecordStore(table, kind) }),
};
