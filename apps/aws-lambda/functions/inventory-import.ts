import { createS3ObjectCreatedHandler } from '../../../adapters/aws/lambda/s3-object-created';
import { importSummary } from '../../../domain/inventory/import-record';
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
      logger.info(importSummary(record), 'inventory import finished');
    },
  }),
);
