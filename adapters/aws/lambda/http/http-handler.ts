import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyResult, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Logger } from '../../../../ports/logger.port';
import { HttpError } from '../../../http/error-table';
import type { HttpApi } from '../../../http/http-api';
import type { HttpRequest, HttpResponse } from '../../../http/http-types';
import {
  apiGatewayV1ToRequest,
  responseToApiGatewayV1,
  type TranslateOptions,
} from './api-gateway-v1';
import { apiGatewayV2ToRequest, responseToApiGatewayV2 } from './api-gateway-v2';
import { isApiGatewayV1Event, isApiGatewayV2Event } from './detect-event';

const NOT_HTTP =
  'Not an API Gateway or function URL request: this function answers HTTP events only.';

export type LambdaHttpResult = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2;

/** What the handler reads of the Lambda context; tests may pass nothing. */
export type LambdaHttpContext = Pick<Context, 'awsRequestId'> | undefined;

export type LambdaHttpHandler = (
  event: unknown,
  context?: LambdaHttpContext,
) => Promise<LambdaHttpResult>;

export interface HttpHandlerOptions extends Pick<TranslateOptions, 'basePath'> {
  /** Told about events that are not HTTP requests (a mis-wired trigger). */
  logger?: Logger;
}

/** Both payload formats accept this subset, so an unreadable event still gets a valid answer. */
const plainResult = (response: HttpResponse): LambdaHttpResult => ({
  statusCode: response.status,
  headers: response.headers,
  body: typeof response.body === 'string' ? response.body : '',
  isBase64Encoded: false,
});

/**
 * One Lambda handler for REST API (payload 1.0), HTTP API (2.0) and function URL (2.0)
 * events: it translates and calls the API; routing, validation, CORS and errors stay in
 * adapters/http. It never throws: an event it cannot read is a 400 in the API's error
 * shape, anything else a 500 that API logs.
 */
export const createHttpHandler = (
  api: HttpApi,
  options: HttpHandlerOptions = {},
): LambdaHttpHandler => {
  const fail = (error: unknown, context: LambdaHttpContext) => {
    const requestId = context?.awsRequestId || randomUUID();
    const response = api.errorResponse(error, requestId);
    response.headers['x-request-id'] = requestId;
    return plainResult(response);
  };

  return async (event, context) => {
    const translate = { awsRequestId: context?.awsRequestId, basePath: options.basePath };
    let request: HttpRequest;
    let reply: (response: HttpResponse) => LambdaHttpResult;
    try {
      if (isApiGatewayV2Event(event)) {
        request = apiGatewayV2ToRequest(event, translate);
        reply = responseToApiGatewayV2;
      } else if (isApiGatewayV1Event(event)) {
        request = apiGatewayV1ToRequest(event, translate);
        reply = responseToApiGatewayV1;
      } else {
        throw new HttpError('HTTP.BAD_REQUEST', NOT_HTTP);
      }
    } catch (error) {
      options.logger?.warn(
        { awsRequestId: context?.awsRequestId, err: error },
        'unreadable HTTP event',
      );
      // Only HttpErrors are thrown on purpose; anything else is still the event's fault.
      return fail(error instanceof HttpError ? error : new HttpError('HTTP.BAD_REQUEST'), context);
    }
    try {
      return reply(await api.handle(request));
    } catch (error) {
      return fail(error, context);
    }
  };
};
