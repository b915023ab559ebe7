import * as z from 'zod/mini';
import type { WorkRecord } from '../shared/work-record';
import { workRecordShape } from '../shared/work-record';
import { named } from '../shared/zod';
import { VARIANT_NAMES, type VariantName } from './image-variants';

export const variantSchema = z.object({
  name: z.enum(VARIANT_NAMES as [VariantName, ...VariantName[]]),
  key: z.string(),
  width: z.int(),
  height: z.int(),
  bytes: z.int(),
});
export type ImageVariant = z.infer<typeof variantSchema>;

/** One image (one version of one object) and what became of it. Null: not known (yet). */
export const imageRecordSchema = named(
  z.object({
    ...workRecordShape,
    /** The format the bytes are (`jpeg`, `png`...), whatever the name said. */
    format: z.nullable(z.string()),
    /** Upright, after the EXIF orientation is applied. */
    width: z.nullable(z.int()),
    height: z.nullable(z.int()),
    /** The EXIF orientation the source carried (1-8; 1 when none). */
    orientation: z.nullable(z.int()),
    /** Colour mode of the source, in PIL's names (`RGB`, `RGBA`, `L`, `LA`, `CMYK`, `P`). */
    mode: z.nullable(z.string()),
    transparency: z.nullable(z.boolean()),
    /** Size of the source object. */
    bytes: z.nullable(z.int()),
    variants: z.array(variantSchema),
  }),
  'ImageRecord',
);
export type ImageRecord = z.infer<typeof imageRecordSchema>;

export const blankImageRecord = (base: WorkRecord): ImageRecord => ({
  ...base,
  format: null,
  width: null,
  height: null,
  orientation: null,
  mode: null,
  transparency: null,
  bytes: null,
  variants: [],
});

/** What a log line says of a processed image (the server, the S3 function, the blob trigger). */
export const imageSummary = (record: ImageRecord) => ({
  imageId: record.id,
  source: record.source,
  status: record.status,
  ...(record.failure ? { failure: record.failure.code } : {}),
  variants: record.variants.length,
});
