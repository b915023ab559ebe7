import { composeLambda } from '../composition';
import { objectCreatedHandler } from '../handlers';
import { withInvocationLogging } from '../lambda-logger';

// S3 notifies this function of objects created under every module's prefix (the stack's
// notification filters); the module owning the prefix does its work (inventory/: an import).
const app = composeLambda(process.env, 'object-created', ['TABLE_NAME', 'BUCKET_NAME']);

export const handler = withInvocationLogging(app.logger, objectCreatedHandler(app));
