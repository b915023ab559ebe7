import type { SniffedType } from '../../ports/content-sniffer.port';
import { describeSniffed } from '../shared/sniffed-type';
import { UnsupportedImageFormatError } from './image-errors';

/** The formats the reference design accepts (GIF: its first frame). */
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'bmp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

const BY_MIME: Readonly<Record<string, ImageFormat>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/tiff': 'tiff',
  'image/avif': 'avif',
  'image/bmp': 'bmp',
};

/** The file extension an upload of this format is stored under. */
export const extensionOf = (format: ImageFormat): string => (format === 'jpeg' ? 'jpg' : format);

/**
 * The image format the bytes are, from their signature; anything else is refused, naming what
 * was found (another type's MIME, or that no known signature matched).
 */
export const imageFormatOf = (sniffed: SniffedType | null): ImageFormat => {
  const format = sniffed && BY_MIME[sniffed.mime];
  if (format) return format;
  throw new UnsupportedImageFormatError(describeSniffed(sniffed));
};
