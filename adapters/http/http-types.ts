/**
 * The transport-neutral request every door translates into: Fastify, API Gateway
 * (v1, v2, function URLs) and Azure Functions all become this shape.
 */
export interface HttpRequest {
  /** Upper-case. */
  method: string;
  /** The path without query string, as the client sent it (percent-encoded). */
  path: string;
  query: Record<string, string | string[] | undefined>;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string | undefined>;
  body?: string | Uint8Array | undefined;
  /** The platform's own id for this invocation (Lambda awsRequestId, Azure invocationId). */
  platformRequestId?: string | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Set-Cookie values, kept apart because they cannot be joined with commas. */
  cookies?: string[];
  body?: string | Uint8Array | undefined;
}
