import { createHttpHandler } from '../../../adapters/aws/lambda/http/http-handler';
import { composeHttp } from '../http-composition';
import { withInvocationLogging } from '../lambda-logger';

const { api, logger } = composeHttp(process.env);

export const handler = withInvocationLogging(logger, createHttpHandler(api, { logger }));
