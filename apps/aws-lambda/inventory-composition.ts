import { S3ObjectStore } from '../../adapters/aws/s3/object-store.s3';
import { createS3Client } from '../../adapters/aws/s3/s3-client';
import { CsvParseReader } from '../../adapters/csv/csv-reader.csv-parse';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { InventoryService } from '../../domain/inventory/inventory-service';
import { openDynamoDbStore } from './dynamodb-store';

type Env = Record<string, string | undefined>;

/**
 * Inventory on AWS: stock and import records in the table (its stream raises the out-of-stock
 * events), CSVs in the bucket. Shared by the import function and, loaded lazily, the HTTP one.
 */
export const composeInventory = (env: Env, tableName: string, bucket: string): InventoryService => {
  const store = openDynamoDbStore(env, tableName);
  return new InventoryService(
    store.inventory,
    store.imports,
    new S3ObjectStore({ client: createS3Client(env), bucket }),
    new CsvParseReader(),
    new SystemClock(),
    new UuidV7IdGenerator(),
  );
};
