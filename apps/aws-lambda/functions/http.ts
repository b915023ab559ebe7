import { createHttpHandler } from '../../../adapters/aws/lambda/http/http-handler';
import { composeHttp } from '../http-composition';
import { withInvocationLogging } from '../lambda-logger';

// Credentials are required unless AUTH=off is set: the function may sit behind any gateway or
// function URL, so it checks them itself whatever the API's usage plan does.
const { api, logger } = composeHttp(process.env, {}, 'required');

export const handler = withInvocationLogging(logger, createHttpHandler(api, { logger }));
