import { composeLambda } from '../composition';
import { objectCreatedHandler } from '../handlers';
import { withInvocationLogging } from '../lambda-logger';

// S3 notifies this function of PDFs created under documents/: their summaries, with PDF.js.
const app = composeLambda(process.env, 'documents', ['TABLE_NAME', 'BUCKET_NAME']);

export const handler = withInvocationLogging(app.logger, objectCreatedHandler(app, 'documents'));
