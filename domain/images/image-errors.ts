import { DomainError } from '../shared/domain-error';

/** The images domain's error codes, with the sentence that documents each. */
export const imageErrorCodes = {
  'IMAGE.UNSUPPORTED_FORMAT':
    'The bytes are not an image of a supported format (JPEG, PNG, WebP, GIF, TIFF, AVIF, BMP), whatever the name or content type says.',
  'IMAGE.TOO_LARGE':
    'The image has more pixels than the limit (50 megapixels unless configured), or the file is larger than allowed.',
  'IMAGE.UNREADABLE': 'The image is corrupt or truncated and cannot be decoded.',
  'IMAGE.NOT_FOUND': 'No image has this id.',
  'IMAGE.VARIANT_NOT_READY':
    'The image has no such variant (yet): it is queued, processing or failed.',
  'IMAGE.SOURCE_NOT_FOUND': 'The object to process does not exist (any more).',
} as const;

export type ImageErrorCode = keyof typeof imageErrorCodes;

/** A failure of the input itself: recorded on the image as its failure code, never retried. */
export class ImageInputError extends DomainError<ImageErrorCode> {}

export class UnsupportedImageFormatError extends ImageInputError {
  constructor(found: string) {
    super(
      'IMAGE.UNSUPPORTED_FORMAT',
      `Not a supported image: the bytes are ${found}. Send JPEG, PNG, WebP, GIF, TIFF, AVIF or BMP.`,
      { found },
    );
  }
}

export class ImageTooLargeError extends ImageInputError {
  constructor(details: { width: number; height: number; maxPixels: number }) {
    super(
      'IMAGE.TOO_LARGE',
      `The image is ${details.width}x${details.height} (${details.width * details.height} pixels); at most ${details.maxPixels} are accepted.`,
      details,
    );
  }
}

export class ImageFileTooLargeError extends ImageInputError {
  constructor(bytes: number, maxBytes: number) {
    super('IMAGE.TOO_LARGE', `The file is ${bytes} bytes; at most ${maxBytes} are accepted.`, {
      bytes,
      maxBytes,
    });
  }
}

export class UnreadableImageError extends ImageInputError {
  constructor(format: string, reason: string) {
    super('IMAGE.UNREADABLE', `The ${format} image cannot be decoded: ${reason}`, {
      format,
      reason,
    });
  }
}

export class ImageNotFoundError extends DomainError<ImageErrorCode> {
  constructor(id: string) {
    super('IMAGE.NOT_FOUND', `Image ${id} does not exist.`, { id });
  }
}

export class VariantNotReadyError extends DomainError<ImageErrorCode> {
  constructor(id: string, variant: string, status: string) {
    super('IMAGE.VARIANT_NOT_READY', `Image ${id} has no ${variant} variant: it is ${status}.`, {
      id,
      variant,
      status,
    });
  }
}

export class ImageSourceNotFoundError extends DomainError<ImageErrorCode> {
  constructor(key: string) {
    super('IMAGE.SOURCE_NOT_FOUND', `There is no object ${key} to process.`, { key });
  }
}
