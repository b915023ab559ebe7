import { safeParse } from 'zod/mini';
import type { $ZodObject, output } from 'zod/v4/core';

type Env = Record<string, string | undefined>;

/** A setting that stops start-up; its message is the one line the process prints. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ReadEnvOptions {
  /** Variables never echoed in a message (connection strings hold account keys). */
  secrets?: readonly string[];
}

/**
 * Reads the variables `schema` names from `env` (an empty value counts as unset) and checks
 * them, or stops with one line naming the first bad one:
 * `Invalid configuration: PORT: Invalid input: expected number, received NaN (got "eighty")`.
 * Every app's config and every store's settings go through it, with zod or zod/mini schemas.
 */
export const readEnv = <S extends $ZodObject>(
  schema: S,
  env: Env,
  options: ReadEnvOptions = {},
): output<S> => {
  const known = Object.fromEntries(
    Object.keys(schema._zod.def.shape).map((name) => [
      name,
      env[name] === '' ? undefined : env[name],
    ]),
  );
  const result = safeParse(schema, known);
  if (result.success) return result.data as output<S>;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0]);
  const entry = issue.path.length > 1 ? ` (entry ${String(issue.path[1])})` : '';
  const got = options.secrets?.includes(name) ? '' : ` (got ${JSON.stringify(env[name])})`;
  throw new ConfigError(`Invalid configuration: ${name}${entry}: ${issue.message}${got}`);
};

/**
 * CORS_ORIGINS: comma-separated exact origins, or `*`. An origin has no path, so
 * `https://a.example/` could never match a browser's Origin header and is refused.
 */
export const parseOrigins = (value: string, variable = 'CORS_ORIGINS'): string[] => {
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin === '*') continue;
    const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(
        `Invalid configuration: ${variable}: "${origin}" is not an origin such as https://app.example.com`,
      );
    }
  }
  return origins;
};
