import * as z from 'zod/mini';

/** What a credential may do: admin ⊃ writer ⊃ reader. */
export const ROLES = ['reader', 'writer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether `held` includes what `needed` allows. */
export const roleIncludes = (held: Role, needed: Role): boolean =>
  ROLES.indexOf(held) >= ROLES.indexOf(needed);

/**
 * A stored API key: never the key itself, only its SHA-256 and the short public id the key
 * starts with, so a stolen table gives no usable key and a key shown once is found by its id.
 */
export const apiKeyRecordSchema = z.object({
  /** The public part of the key (`ak_<id>_<secret>`), shown in listings and logs. */
  id: z.string().check(z.regex(/^[a-z0-9]{12}$/)),
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  role: z.enum(ROLES),
  /** Hex SHA-256 of the whole key. */
  hash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  createdAt: z.string(),
  revokedAt: z.nullable(z.string()),
});

export type ApiKeyRecord = z.output<typeof apiKeyRecordSchema>;
