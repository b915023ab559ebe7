import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Payload format 2.0: HTTP API and Lambda function URLs (same shape). Needs
 * `version: "2.0"` and `requestContext.http`; `rawPath` alone is not enough, since
 * other sources carry it too (Hono's aws-lambda handler draws the same line).
 */
export const isApiGatewayV2Event = (event: unknown): event is APIGatewayProxyEventV2 => {
  if (!isRecord(event) || event.version !== '2.0' || typeof event.rawPath !== 'string') {
    return false;
  }
  const context = event.requestContext;
  return isRecord(context) && isRecord(context.http) && typeof context.http.method === 'string';
};

/**
 * Payload format 1.0: REST API, and HTTP API routes set to 1.0. An ALB event looks
 * alike but carries `requestContext.elb` and leaves the query string percent-encoded,
 * so it is refused rather than misread.
 */
export const isApiGatewayV1Event = (event: unknown): event is APIGatewayProxyEvent => {
  if (!isRecord(event) || typeof event.httpMethod !== 'string' || typeof event.path !== 'string') {
    return false;
  }
  if (event.version !== undefined && event.version !== '1.0') return false;
  const context = event.requestContext;
  return isRecord(context) && !('elb' in context);
};
