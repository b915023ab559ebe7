import type * as z from 'zod/mini';
import { type FieldIssue, ValidationError } from './domain-error';

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

export const issuesFromZod = (
  error: { issues: readonly IssueLike[] },
  prefix: readonly PropertyKey[] = [],
): FieldIssue[] =>
  error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.'),
    message: issue.message,
  }));

/** Parses with a zod schema and turns a failure into a ValidationError listing every issue. */
export const parseOrThrow = <S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  prefix: readonly PropertyKey[] = [],
): z.output<S> => {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(issuesFromZod(result.error, prefix));
  return result.data;
};
