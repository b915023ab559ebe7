import { composeLambda } from '../composition';
import { objectCreatedHandler } from '../handlers';
import { withInvocationLogging } from '../lambda-logger';

// S3 notifies this function of images created under images/ (the stack's prefix and suffix
// filters): thumbnails and the optimized copy with sharp, whose native binary this zip carries.
const app = composeLambda(process.env, 'images', ['TABLE_NAME', 'BUCKET_NAME']);

export const handler = withInvocationLogging(app.logger, objectCreatedHandler(app, 'images'));
