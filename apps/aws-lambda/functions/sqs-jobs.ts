import { composeLambda } from '../composition';
import { sqsJobsHandler } from '../handlers';
import { withInvocationLogging } from '../lambda-logger';

// The jobs queue's event source mapping delivers batches here; only the failed jobs come back.
const app = composeLambda(process.env, 'sqs-jobs', ['TABLE_NAME', 'TOPIC_ARN', 'BUCKET_NAME']);

export const handler = withInvocationLogging(app.logger, sqsJobsHandler(app));
