import type * as z from 'zod/mini';
import type { ErrorCode } from './error-table';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type AnyObject = z.ZodMiniType<Record<string, unknown>>;

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  headers: Record<string, string | undefined>;
  requestId: string;
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
  /** Request headers the route reads, documented in OpenAPI (If-Match). */
  headers?: { name: string; description: string }[];
  responses: Record<number, ResponseSpec>;
  /** Domain errors this route can answer with; validation and transport errors are added for all. */
  errors: ErrorCode[];
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
