import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface RateLimitSettings {
  /** Sustained requests per second per client; 0 turns the limit off. */
  perSecond: number;
  /** How many may come at once. */
  burst: number;
}

/**
 * Whom a request counts against: its credential (hashed: the limiter's memory never holds a
 * key), or its address when it carries none. The whole credential, not a key's public id, so
 * nobody can spend another key's allowance by sending its id with a wrong secret.
 */
const clientOf = (request: FastifyRequest): string => {
  const authorization = request.headers.authorization;
  const credential =
    typeof authorization === 'string' ? authorization : request.headers['x-api-key'];
  if (typeof credential === 'string' && credential !== '') {
    return `credential:${createHash('sha256').update(credential).digest('base64url').slice(0, 22)}`;
  }
  return `ip:${request.ip ?? 'unknown'}`;
};

/** Thrown to the door's error handler, which answers in the error shape. */
class RateLimited extends Error {
  readonly statusCode = 429;
  readonly code = 'RATE.LIMITED';
}

/**
 * @fastify/rate-limit (a kept plugin: in-memory LRU store, or Redis for many servers) on every
 * route. Its windows are fixed, so "perSecond with a burst" is `burst` requests per
 * `burst / perSecond` seconds: the same average, bursts up to `burst`. The 429 carries
 * Retry-After and the IETF draft RateLimit-* fields (enableDraftSpec).
 */
export const registerRateLimit = async (
  app: FastifyInstance,
  settings: RateLimitSettings,
): Promise<void> => {
  if (settings.perSecond <= 0) return;
  await app.register(rateLimit, {
    global: true,
    max: settings.burst,
    timeWindow: Math.round((settings.burst / settings.perSecond) * 1000),
    keyGenerator: clientOf,
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) =>
      new RateLimited(
        `Too many requests: at most ${context.max} per ${context.after}; retry later.`,
      ),
  });
};
