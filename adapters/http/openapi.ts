import * as z from 'zod/mini';
import { defaultAccess, type RouteAccess } from './auth/route-access';
import type { ErrorTable } from './error-table';
import type { Route } from './route';
import { errorBodySchema } from './routes/schemas';

type JsonSchema = Record<string, unknown>;

/** Errors any route can answer with, whatever its own domain errors. */
export const COMMON_ERRORS: readonly string[] = [
  'VALIDATION.FAILED',
  'HTTP.MALFORMED_JSON',
  'HTTP.UNSUPPORTED_MEDIA_TYPE',
  'HTTP.PAYLOAD_TOO_LARGE',
  'HTTP.BAD_REQUEST',
  // The server's limiter (apps/server); API Gateway's usage plan answers 429 itself on AWS.
  'RATE.LIMITED',
  'HTTP.METHOD_NOT_ALLOWED',
  'SERVICE.UNAVAILABLE',
  'INTERNAL',
];

/**
 * Converts zod schemas with z.toJSONSchema and hoists every named schema
 * (`.meta({ id })`) into components, so the document is generated from the very
 * schemas that validate requests.
 */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
    const { $schema: _, $defs, ...root } = json;
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      this.components[name] ??= this.rewrite(def) as JsonSchema;
    }
    return this.rewrite(root) as JsonSchema;
  }

  private rewrite(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.rewrite(item));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) =>
        key === '$ref' && typeof inner === 'string'
          ? [key, inner.replace('#/$defs/', '#/components/schemas/')]
          : [key, this.rewrite(inner)],
      ),
    );
  }
}

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const parametersOf = (
  schema: z.ZodMiniType | undefined,
  location: 'path' | 'query',
  collector: SchemaCollector,
) => {
  if (!schema) return [];
  const json = collector.convert(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
};

const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key (`ak_...`, made with `npm run cli -- keys create`) or a JWT from the configured issuer.',
  },
  apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key.' },
};

/**
 * A route's requirement: `security: []` for public routes; otherwise either scheme, with the
 * least role (`x-required-role`) and whether a user's own token may call it (`x-own-user`).
 */
const securityOf = (access: RouteAccess) =>
  access.role === 'public'
    ? { security: [] }
    : {
        security: [{ bearer: [] }, { apiKey: [] }],
        'x-required-role': access.role,
        'x-own-user': access.ownedBy !== undefined,
      };

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

export const buildOpenApiDocument = (
  routes: readonly Route[],
  info: OpenApiInfo,
  errors: ErrorTable,
) => {
  const collector = new SchemaCollector();
  // A named schema converts to a $ref into components.
  const errorRef = collector.convert(errorBodySchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};

  for (const route of routes) {
    const access = route.access ?? defaultAccess(route.method);
    const guarded = access.role !== 'public';
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = {
        description: spec.description,
        ...(spec.schema
          ? {
              content: { 'application/json': { schema: collector.convert(spec.schema, 'output') } },
            }
          : {}),
      };
    }
    const byStatus = new Map<number, string[]>();
    const authErrors = guarded ? ['AUTH.UNAUTHENTICATED', 'AUTH.FORBIDDEN'] : [];
    const quota = route.upload ? ['QUOTA.EXCEEDED'] : [];
    for (const code of new Set([...route.errors, ...COMMON_ERRORS, ...authErrors, ...quota])) {
      const status = errors[code]!.status;
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
      if (responses[status]) continue;
      responses[status] = {
        description: codes.map((code) => `\`${code}\`: ${errors[code]!.description}`).join('\n\n'),
        'x-error-codes': codes,
        content: { 'application/json': { schema: errorRef } },
      };
    }
    const path = toOpenApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      ...securityOf(access),
      parameters: [
        ...parametersOf(route.params, 'path', collector),
        ...parametersOf(route.query, 'query', collector),
        ...(route.headers ?? []).map((header) => ({
          name: header.name,
          in: 'header',
          required: false,
          description: header.description,
          schema: { type: 'string' },
        })),
        {
          name: 'x-request-id',
          in: 'header',
          required: false,
          description: 'Your id for this request; echoed back, generated when absent.',
          schema: { type: 'string' },
        },
      ],
      ...(route.upload
        ? {
            requestBody: {
              required: true,
              description: route.upload.description,
              content: {
                ...Object.fromEntries(
                  route.upload.contentTypes.map((type) => [type, { schema: { type: 'string' } }]),
                ),
                'multipart/form-data': {
                  schema: {
                    type: 'object',
                    required: [route.upload.field],
                    properties: {
                      [route.upload.field]: { type: 'string', contentMediaType: 'text/csv' },
                    },
                  },
                },
              },
            },
          }
        : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: collector.convert(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info,
    paths,
    components: { schemas: collector.components, securitySchemes: SECURITY_SCHEMES },
    'x-error-catalogue': errors,
  };
};
