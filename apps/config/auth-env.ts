import * as z from 'zod/mini';
import type { JwtSettings } from '../../adapters/jose/jwt-verifier.jose';
import { ConfigError, readEnv } from './read-env';

export const AUTH_MODES = ['required', 'off'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

const schema = z.object({
  /** Unset: each app's own default (the server: by its address; the functions: required). */
  AUTH: z.optional(z.enum(AUTH_MODES)),
  JWT_JWKS_URL: z.optional(z.url({ protocol: /^https?$/ })),
  JWT_PUBLIC_KEY: z.optional(z.string()),
  JWT_SECRET: z.optional(z.string().check(z.minLength(32, 'at least 32 characters'))),
  JWT_ISSUER: z.optional(z.string().check(z.minLength(1))),
  JWT_AUDIENCE: z.optional(z.string().check(z.minLength(1))),
  JWT_CLOCK_SKEW_SECONDS: z._default(
    z.coerce.number().check(z.int(), z.minimum(0), z.maximum(300)),
    30,
  ),
});

export interface AuthConfig {
  mode: AuthMode | undefined;
  /** Set when a JWT issuer is configured; API keys work either way. */
  jwt: JwtSettings | undefined;
}

/**
 * AUTH and the JWT settings, read the same way by the server, the Lambda functions and the
 * Azure app. A key without its issuer and audience is refused: a token is only trusted for us.
 */
export const loadAuthConfig = (env: Record<string, string | undefined>): AuthConfig => {
  const c = readEnv(schema, env, { secrets: ['JWT_SECRET'] });
  const keys = [c.JWT_JWKS_URL, c.JWT_PUBLIC_KEY, c.JWT_SECRET].filter(Boolean).length;
  if (keys > 1) {
    throw new ConfigError(
      'Invalid configuration: set one of JWT_JWKS_URL, JWT_PUBLIC_KEY and JWT_SECRET',
    );
  }
  if (keys === 1 && (!c.JWT_ISSUER || !c.JWT_AUDIENCE)) {
    throw new ConfigError(
      'Invalid configuration: JWT_ISSUER and JWT_AUDIENCE are required with a JWT key',
    );
  }
  return {
    mode: c.AUTH,
    jwt:
      keys === 1
        ? {
            jwksUrl: c.JWT_JWKS_URL,
            publicKey: c.JWT_PUBLIC_KEY,
            secret: c.JWT_SECRET,
            issuer: c.JWT_ISSUER!,
            audience: c.JWT_AUDIENCE!,
            clockSkewSeconds: c.JWT_CLOCK_SKEW_SECONDS,
          }
        : undefined,
  };
};
