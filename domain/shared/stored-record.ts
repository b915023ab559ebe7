import type * as z from 'zod/mini';
import { issuesFromZod } from './validation';

/**
 * A record read back from a store did not have the shape its schema promises: a bug, a hand
 * edit or an item another version wrote. Not a DomainError: it is our failure (a 500), and it
 * names what was read so the log says where to look.
 */
export class CorruptRecordError extends Error {
  override readonly name = 'CorruptRecordError';
}

/**
 * Checks a record read from a store against its schema, so every store hands the domain what
 * the types say: schemaless stores (Table Storage, DynamoDB) and JSON columns alike.
 */
export const readStored = <S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = issuesFromZod(result.error)
    .map((issue) => `${issue.path || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new CorruptRecordError(`Stored ${what} is not valid: ${problems}`);
};

/** JSON text from a store, parsed and checked; malformed text is reported like a bad shape. */
export const readStoredJson = <S extends z.ZodMiniType>(
  schema: S,
  text: string,
  what: string,
): z.output<S> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CorruptRecordError(`Stored ${what} is not JSON: ${(error as Error).message}`);
  }
  return readStored(schema, value, what);
};
