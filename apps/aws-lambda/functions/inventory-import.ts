import { createS3ObjectCreatedHandler } from '../../../adapters/aws/lambda/s3-object-created';
import { INVENTORY_PREFIX } from '../../../domain/inventory/inventory-service';
import { lambdaRuntime } from '../composition';
import { required } from '../config';
import { composeInventory } from '../inventory-composition';
import { withInvocationLogging } from '../lambda-logger';

// S3 notifies this function of CSVs created under inventory/ (the stack's notification filter).
const { config, logger } = lambdaRuntime(process.env, 'inventory-import');
const inventory = composeInventory(
  process.env,
  required(config.tableName, 'TABLE_NAME'),
  required(config.bucketName, 'BUCKET_NAME'),
);

export const handler = withInvocationLogging(
  logger,
  createS3ObjectCreatedHandler({
    prefix: INVENTORY_PREFIX,
    logger,
    onCreated: async ({ key }) => {
      const record = await inventory.importObject(key);
      logger.info(
        {
          importId: record.id,
          key,
          status: record.status,
          rowsRead: record.rowsRead,
          rowsImported: record.rowsImported,
          rowsRejected: record.rowsRejected,
        },
        'inventory import finished',
      );
    },
  }),
);
