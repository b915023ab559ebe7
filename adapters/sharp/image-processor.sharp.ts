import type { Metadata, Sharp } from 'sharp';
import { UnreadableImageError } from '../../domain/images/image-errors';
import type { ImageFormat } from '../../domain/images/image-format';
import type {
  ImageFacts,
  ImageProcessor,
  RenderedImage,
  RenderOptions,
  RenderTarget,
} from '../../ports/image-processor.port';
import { decodeBmp, readBmpHeader } from './bmp';

/**
 * How the outputs share one decode:
 * - `decode-once` decodes the source once, upright and flattened, into raw pixels; the full-size
 *   copy is encoded from them, the largest thumbnail is resized from them and each smaller one
 *   from the one above it.
 * - `clone` gives every output its own pipeline on the same input (sharp's clone()), so each
 *   thumbnail decodes a JPEG with shrink-on-load (libjpeg's DCT scaling: 1/2, 1/4, 1/8 of the
 *   pixels) instead of all of them.
 * `npm run bench:images` measures both: decode-once takes less CPU and less time (README), so it
 * is the default; clone stays for the benchmark to keep that measured.
 */
export type RenderStrategy = 'decode-once' | 'clone';

export interface SharpImageProcessorOptions {
  strategy?: RenderStrategy;
}

const WHITE = { r: 255, g: 255, b: 255 };

type SharpFactory = typeof import('sharp')['default'];
/**
 * sharp (its native binary) is loaded by the first image, not when this module is: a bundle that
 * inlines this module (the Azure app is one file) keeps `import('sharp')` as it is, so a worker
 * that never processes an image never loads libvips.
 */
let loading: Promise<SharpFactory> | undefined;
const loadSharp = (): Promise<SharpFactory> => {
  loading ??= import('sharp').then((module) => module.default);
  return loading;
};

/** PIL's mode names, from what libvips reports. */
const modeOf = (meta: Metadata): string => {
  if (meta.isPalette) return meta.hasAlpha ? 'RGBA' : 'P';
  if (meta.space === 'cmyk') return 'CMYK';
  if (meta.space === 'b-w' || meta.space === 'grey16') return meta.hasAlpha ? 'LA' : 'L';
  return meta.hasAlpha ? 'RGBA' : 'RGB';
};

/** libvips' messages for bad input name the loader and the fault ("VipsJpeg: Premature end..."). */
const unreadable = (format: ImageFormat, error: unknown): UnreadableImageError =>
  new UnreadableImageError(format, (error as Error).message.split('\n')[0] ?? 'unknown error');

/**
 * The sharp (libvips) side of image processing. Every output: EXIF orientation applied, then all
 * metadata dropped (sharp keeps none unless asked: no EXIF, no GPS), converted to sRGB, alpha
 * flattened onto white, encoded as baseline JPEG with optimised Huffman tables (libjpeg-turbo's
 * `optimize_coding`, what PIL's `optimize=True` sets), without mozjpeg's trellis search (the
 * reference design's encoder has none). GIF, WebP and TIFF give their first page.
 */
export class SharpImageProcessor implements ImageProcessor {
  private readonly strategy: RenderStrategy;

  constructor(options: SharpImageProcessorOptions = {}) {
    this.strategy = options.strategy ?? 'decode-once';
  }

  async inspect(bytes: Uint8Array, format: ImageFormat): Promise<ImageFacts> {
    if (format === 'bmp') {
      const header = readBmpHeader(bytes);
      return {
        format,
        width: header.width,
        height: header.height,
        orientation: 1,
        mode: header.bitsPerPixel === 32 ? 'RGBA' : 'RGB',
        transparency: header.bitsPerPixel === 32,
      };
    }
    const sharp = await loadSharp();
    let meta: Metadata;
    try {
      // The header alone: no pixel limit yet, the domain checks the size it reports.
      meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch (error) {
      throw unreadable(format, error);
    }
    if (!meta.width || !meta.height) throw unreadable(format, new Error('no dimensions'));
    return {
      format,
      width: meta.autoOrient.width,
      height: meta.autoOrient.height,
      orientation: meta.orientation ?? 1,
      mode: modeOf(meta),
      transparency: meta.hasAlpha,
    };
  }

  async render(
    bytes: Uint8Array,
    format: ImageFormat,
    targets: readonly RenderTarget[],
    options: RenderOptions,
  ): Promise<RenderedImage[]> {
    const sharp = await loadSharp();
    try {
      const source = this.source(sharp, bytes, format, options.maxPixels);
      const outputs =
        this.strategy === 'clone'
          ? await this.cloned(source, targets, options.quality)
          : await this.decodedOnce(sharp, source, targets, options.quality);
      return outputs;
    } catch (error) {
      if (error instanceof UnreadableImageError) throw error;
      throw unreadable(format, error);
    }
  }

  /** The source, upright, sRGB, flattened: every output starts from it. */
  private source(
    sharp: SharpFactory,
    bytes: Uint8Array,
    format: ImageFormat,
    maxPixels: number,
  ): Sharp {
    const input =
      format === 'bmp'
        ? (() => {
            const pixels = decodeBmp(bytes);
            return sharp(pixels.data, {
              raw: { width: pixels.width, height: pixels.height, channels: 4 },
              limitInputPixels: maxPixels,
            });
          })()
        : // failOn 'warning': a truncated or corrupt file is an error, not a grey half-image.
          sharp(bytes, { limitInputPixels: maxPixels, failOn: 'warning', autoOrient: true });
    return input.flatten({ background: WHITE }).toColourspace('srgb');
  }

  private jpeg(image: Sharp, quality: number): Sharp {
    return image.jpeg({
      quality,
      optimiseCoding: true,
      mozjpeg: false,
      chromaSubsampling: '4:2:0',
    });
  }

  private cloned(
    source: Sharp,
    targets: readonly RenderTarget[],
    quality: number,
  ): Promise<RenderedImage[]> {
    return Promise.all(
      targets.map(async (target) => {
        const image = source
          .clone()
          .resize(target.width, target.height, { fit: 'fill', kernel: 'lanczos3' });
        return { ...target, bytes: await this.jpeg(image, quality).toBuffer() };
      }),
    );
  }

  private async decodedOnce(
    sharp: SharpFactory,
    source: Sharp,
    targets: readonly RenderTarget[],
    quality: number,
  ): Promise<RenderedImage[]> {
    const { data, info } = await source.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const raw = (pixels: Buffer, width: number, height: number) =>
      sharp(pixels, { raw: { width, height, channels: info.channels }, limitInputPixels: false });
    // Largest first: each thumbnail is resized from the previous, smaller, pixels.
    const order = [...targets].sort((a, b) => b.width * b.height - a.width * a.height);
    const rendered = new Map<string, Promise<RenderedImage>>();
    let from = { data, width: info.width, height: info.height };
    for (const target of order) {
      const same = target.width === from.width && target.height === from.height;
      const resized = same
        ? from
        : await raw(from.data, from.width, from.height)
            .resize(target.width, target.height, { fit: 'fill', kernel: 'lanczos3' })
            .raw()
            .toBuffer({ resolveWithObject: true })
            .then((out) => ({ data: out.data, width: out.info.width, height: out.info.height }));
      rendered.set(
        target.name,
        this.jpeg(raw(resized.data, resized.width, resized.height), quality)
          .toBuffer()
          .then((bytes) => ({ ...target, bytes })),
      );
      from = resized;
    }
    return Promise.all(targets.map((target) => rendered.get(target.name)!));
  }
}
