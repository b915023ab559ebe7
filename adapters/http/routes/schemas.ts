import { z } from 'zod';

export const idParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .describe('Pass as `cursor` for the next page; null on the last.'),
    })
    .meta({ id });

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
    requestId: z.string(),
  })
  .meta({ id: 'Error' });

export const ifMatchHeader = {
  name: 'if-match',
  description: 'The ETag of the version you read ("3"); a stale one is answered with 409.',
};
