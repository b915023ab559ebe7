import * as z from 'zod/mini';
import { idTextSchema } from '../../../domain/shared/text';
import { named } from '../../../domain/shared/zod';

export const idParamsSchema = z.object({ id: idTextSchema });

export const pageOf = <T extends z.ZodMiniType>(item: T, id: string) =>
  named(
    z.object({
      items: z.array(item),
      nextCursor: z
        .nullable(z.string())
        .check(z.describe('Pass as `cursor` for the next page; null on the last.')),
    }),
    id,
  );

export const errorBodySchema = named(
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.optional(z.unknown()),
    }),
    requestId: z.string(),
  }),
  'Error',
);

export const ifMatchHeader = {
  name: 'if-match',
  description: 'The ETag of the version you read ("3"); a stale one is answered with 409.',
};
