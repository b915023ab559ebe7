/**
 * The transport-neutral request every door translates into: Fastify, API Gateway
 * (v1, v2, function URLs) and Azure Functions all become this shape.
 */
export interface HttpRequest {
  /** Upper-case. */
  method: string;
  /**
   * The path the API routes, without query string, percent-encoded as the client sent it: from
   * the API's root, so without the stage or base path of `basePath`.
   */
  path: string;
  /**
   * What the client's URL carried before `path`: a REST API stage (`/prod`), a custom domain's
   * base-path mapping (`/v1`), an HTTP API's named stage; '' or absent when the API is served
   * at the root (Fastify, Azure Functions, an HTTP API `$default` stage, a function URL). Links
   * the API answers with (Location) are `basePath` + the route's path. A door may compute it on
   * first read (a getter).
   */
  readonly basePath?: string | undefined;
  query: Record<string, string | string[] | undefined>;
  /**
   * Lower-case names; repeated headers joined with ", ". A door may build it on first read (a
   * getter) and answer single names through `header` meanwhile.
   */
  readonly headers: Record<string, string | undefined>;
  /**
   * One header by lower-case name, as `headers[name]` would give it, for doors whose events
   * carry headers in another form (API Gateway: every header, in the client's case, twice):
   * the request path reads two or three names, not all of them. Use `headerOf`.
   */
  header?(name: string): string | undefined;
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

/** `request.headers[name]` for a lower-case name, without making a lazy door build them all. */
export const headerOf = (request: HttpRequest, name: string): string | undefined =>
  request.header ? request.header(name) : request.headers[name];
