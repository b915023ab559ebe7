import type { Size } from './thumbnail-size';

/** Where image uploads and object-created triggers meet: the prefix the images module owns. */
export const IMAGES_PREFIX = 'images/';
export const IMAGE_UPLOAD_PREFIX = `${IMAGES_PREFIX}uploads/`;
/**
 * The reference design writes results to a separate "processed" bucket. One bucket serves every
 * module here, so its role is played by this prefix: outside `images/`, a variant written never
 * triggers the image processor again.
 */
export const PROCESSED_PREFIX = 'processed/';

export type VariantName =
  | 'thumbnail_150x150'
  | 'thumbnail_300x300'
  | 'thumbnail_800x600'
  | 'optimized';

export interface VariantSpec {
  name: VariantName;
  /** The box a thumbnail fits inside; absent for the full-size optimized copy. */
  box?: Size;
}

/** The reference design's three `thumbnail()` boxes and its optimized full-size JPEG. */
export const VARIANTS: readonly VariantSpec[] = [
  { name: 'thumbnail_150x150', box: { width: 150, height: 150 } },
  { name: 'thumbnail_300x300', box: { width: 300, height: 300 } },
  { name: 'thumbnail_800x600', box: { width: 800, height: 600 } },
  { name: 'optimized' },
];

export const VARIANT_NAMES = VARIANTS.map((variant) => variant.name);

/** JPEG quality of every variant, as the reference design saves them. */
export const JPEG_QUALITY = 85;

/** `images/uploads/cat.png` -> `processed/images/uploads/cat_thumbnail_150x150.jpg`. */
export const variantKey = (sourceKey: string, variant: VariantName): string => {
  const slash = sourceKey.lastIndexOf('/');
  const dir = sourceKey.slice(0, slash + 1);
  const file = sourceKey.slice(slash + 1);
  const dot = file.lastIndexOf('.');
  const base = dot > 0 ? file.slice(0, dot) : file;
  return `${PROCESSED_PREFIX}${dir}${base}_${variant}.jpg`;
};

/**
 * Object metadata travels as HTTP headers (S3 `x-amz-meta-*`, Blob `x-ms-meta-*`), which carry
 * printable ASCII only: any other character of a key is percent-encoded, as S3 writes keys in
 * its event notifications.
 */
const asciiHeaderValue = (value: string): string =>
  value.replace(/[^\x20-\x7e]+/gu, (run) => encodeURIComponent(run));

/** The reference design's object metadata on every result. */
export const variantMetadata = (
  sourceKey: string,
  variant: VariantName,
  processedAt: string,
): Record<string, string> => ({
  'original-key': asciiHeaderValue(sourceKey),
  'processing-type': variant === 'optimized' ? 'optimized' : 'thumbnail',
  'processed-at': processedAt,
});
