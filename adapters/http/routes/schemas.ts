import * as z from 'zod/mini';
import { pageQueryUpTo } from '../../../domain/shared/pagination';
import { idTextSchema } from '../../../domain/shared/text';
import { named } from '../../../domain/shared/zod';

export const idParamsSchema = z.object({ id: idTextSchema });

/**
 * The query of a list of whole records that can be large (an import with its rejected rows, a
 * draw with a history of up to 400 states; on AWS each draw is also two Step Functions reads):
 * at most 20 a page keeps the largest page well inside Lambda's 6 MB response.
 */
export const recordPageQuerySchema = pageQueryUpTo(20);

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
