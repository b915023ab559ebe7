import type { ImageFormat } from '../domain/images/image-format';

/** What an image's header says, upright (its EXIF orientation applied to width and height). */
export interface ImageFacts {
  format: ImageFormat;
  width: number;
  height: number;
  /** EXIF orientation 1-8; 1 when there is none. */
  orientation: number;
  /** PIL's name for the colour mode (`RGB`, `RGBA`, `L`, `LA`, `CMYK`, `P`). */
  mode: string;
  transparency: boolean;
}

/** One output: a JPEG of exactly width x height. */
export interface RenderTarget {
  name: string;
  width: number;
  height: number;
}

export interface RenderedImage extends RenderTarget {
  bytes: Uint8Array;
}

export interface RenderOptions {
  quality: number;
  /** Decoding refuses a canvas larger than this (a second guard behind the header check). */
  maxPixels: number;
}

/**
 * Decodes and encodes images. Every output is upright, sRGB, without metadata (EXIF, GPS, ICC
 * beyond sRGB), alpha flattened onto white, JPEG with optimised Huffman tables. Corrupt or
 * truncated input throws UnreadableImageError.
 */
export interface ImageProcessor {
  /** Reads the header only: cheap, and enough to refuse a decompression bomb before decoding. */
  inspect(bytes: Uint8Array, format: ImageFormat): Promise<ImageFacts>;
  /** Decodes once and encodes every target from that one decode. */
  render(
    bytes: Uint8Array,
    format: ImageFormat,
    targets: readonly RenderTarget[],
    options: RenderOptions,
  ): Promise<RenderedImage[]>;
}
