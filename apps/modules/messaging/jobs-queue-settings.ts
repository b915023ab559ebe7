import { ConfigError } from '../../config/read-env';

type Env = Record<string, string | undefined>;

const required = (env: Env, name: string): string => {
  const value = env[name];
  if (!value)
    throw new ConfigError(`Invalid configuration: ${name} is required for the jobs queue`);
  return value;
};

/**
 * Where the jobs queue is on each cloud. Read from the environment by the store slices, which
 * the platforms' compositions call with their record store only: the queue goes with the
 * platform as the records do (SQS beside DynamoDB, Storage Queue beside Table Storage). The
 * names are the ones the stack and the function app register their triggers with.
 */
export const jobsQueueSettings = (env: Env) => ({
  sqs: () => ({
    queueUrl: required(env, 'JOBS_QUEUE_URL'),
    deadLetterQueueUrl: required(env, 'JOBS_DEAD_LETTER_QUEUE_URL'),
  }),
  /** The name only: the account is the tables' (the function app registers its trigger on it). */
  storageQueueName: () => env.AZURE_JOBS_QUEUE || 'jobs',
});

/**
 * The batch notification where the app passes no messaging options (the functions): on unless
 * JOBS_BATCH_NOTIFICATION is `off`, as the server's setting of the same name.
 */
export const batchNotificationFrom = (env: Env): boolean => env.JOBS_BATCH_NOTIFICATION !== 'off';
