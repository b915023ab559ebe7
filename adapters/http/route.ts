import type * as z from 'zod/mini';
import type { Principal } from './auth/principal';
import type { RouteAccess } from './auth/route-access';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type AnyObject = z.ZodMiniType<Record<string, unknown>>;

/** An uploaded file: a raw body of an accepted type, or the one file of a multipart form. */
export interface UploadedFile {
  bytes: Uint8Array;
  /** Without parameters, lower-case (`text/csv`). */
  contentType: string;
  /** The file name a multipart form gave, if any. */
  filename?: string | undefined;
}

/** A route that takes a file instead of a JSON body. */
export interface UploadSpec {
  /** Media types accepted as the raw body, or as the file part of multipart/form-data. */
  contentTypes: string[];
  maxBytes: number;
  /** The multipart form field holding the file. */
  field: string;
  description: string;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Present on upload routes. */
  file?: UploadedFile | undefined;
  headers: Record<string, string | undefined>;
  requestId: string;
  /**
   * The stage or base path the client called the API under (`/prod`), '' at the root. A route
   * need not add it to `location`: the API does (HttpRequest.basePath).
   */
  basePath: string;
  /** Whose credential the request carried; undefined when the API runs open (AUTH=off). */
  principal?: Principal | undefined;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodMiniType;
}

export interface Route<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends z.ZodMiniType = z.ZodMiniType,
> {
  method: HttpMethod;
  /** find-my-way syntax: `/users/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** Takes a file (raw or multipart) instead of a JSON body. */
  upload?: UploadSpec;
  /** Request headers the route reads, documented in OpenAPI (If-Match). */
  headers?: { name: string; description: string }[];
  responses: Record<number, ResponseSpec>;
  /**
   * Domain error codes this route can answer with (validation and transport errors are added
   * for all); the API refuses at start a code its error table does not know.
   */
  errors: readonly string[];
  /**
   * Who may call it. Absent: by its method, GET for readers and every write for writers
   * (auth/route-access.ts), so a new route is covered without saying anything.
   */
  access?: RouteAccess<RouteInput<z.output<P>, z.output<Q>, z.output<B>>>;
  handler(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<RouteResult>;
}

/** Identity, for inference: the handler's input is typed from the route's own schemas. */
export const defineRoute = <
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends z.ZodMiniType = z.ZodMiniType,
>(
  route: Route<P, Q, B>,
): Route => route as unknown as Route;
