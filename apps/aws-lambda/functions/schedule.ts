import { createScheduleHandler } from '../../../adapters/aws/lambda/eventbridge';
import { lambdaRuntime } from '../composition';
import { required } from '../config';
import { openDynamoDbStore } from '../dynamodb-store';
import { withInvocationLogging } from '../lambda-logger';
import { scheduledJobs } from '../schedules';

const { config, logger } = lambdaRuntime(process.env, 'schedule');
const { healthCheck } = openDynamoDbStore(process.env, required(config.tableName, 'TABLE_NAME'));
const jobs = scheduledJobs({ healthChecks: [healthCheck], logger });

export const handler = withInvocationLogging(logger, createScheduleHandler({ jobs, logger }));
