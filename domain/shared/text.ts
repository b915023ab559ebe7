import * as z from 'zod/mini';

/** A UTF-16 surrogate without its pair: not text; UTF-8 cannot hold it and stores differ on it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/**
 * The one rule for text a client gives any domain: trimmed, well-formed Unicode (a lone
 * surrogate is refused, where SQLite would store U+FFFD and DynamoDB refuse it), normalised to
 * NFC (so "é" typed as one code point or as e + accent is one name, one key, one email), then
 * 1-`max` characters. Every domain's names and labels use it.
 */
export const textSchema = (max: number, min = 1) =>
  z
    .string()
    .check(
      z.trim(),
      z.refine(isWellFormed, { message: 'Expected well-formed Unicode text', abort: true }),
      z.normalize('NFC'),
      z.minLength(min),
      z.maxLength(max),
    );

/** An id a client names (a path segment, a userId): never changed, but well-formed text. */
export const idTextSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.refine(isWellFormed, { message: 'Expected well-formed Unicode text' }),
  );

/** An email address a client gives: the text rule, then the address syntax. */
export const emailTextSchema = z.pipe(textSchema(254), z.email());
