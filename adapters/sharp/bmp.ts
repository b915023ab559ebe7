import { decode } from 'bmp-ts';
import { UnreadableImageError } from '../../domain/images/image-errors';

/** What a BMP's headers say (BITMAPFILEHEADER + BITMAPINFOHEADER or later), without decoding. */
export interface BmpHeader {
  width: number;
  height: number;
  bitsPerPixel: number;
}

export const readBmpHeader = (bytes: Uint8Array): BmpHeader => {
  if (bytes.byteLength < 30) throw new UnreadableImageError('bmp', 'the header is cut short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const infoSize = view.getUint32(14, true);
  // BITMAPCOREHEADER (OS/2, 12 bytes) keeps 16-bit sizes; every later header 32-bit signed ones.
  if (infoSize === 12) {
    return {
      width: view.getUint16(18, true),
      height: view.getUint16(20, true),
      bitsPerPixel: view.getUint16(24, true),
    };
  }
  const width = view.getInt32(18, true);
  // A negative height means the rows are stored top-down.
  const height = Math.abs(view.getInt32(22, true));
  if (width <= 0 || height === 0) {
    throw new UnreadableImageError('bmp', `the header gives a ${width}x${height} canvas`);
  }
  return { width, height, bitsPerPixel: view.getUint16(28, true) };
};

/** RGBA pixels, top row first. */
export interface RgbaPixels {
  width: number;
  height: number;
  data: Buffer;
  /** Whether any pixel is less than opaque. */
  transparency: boolean;
}

/**
 * sharp (libvips) reads no BMP, so bmp-ts decodes it: the TypeScript port of bmp-js that Jimp
 * uses, with no native code or dependencies, covering 1/4/8/16/24/32-bit and RLE. Its pixels
 * come as ABGR; they are reordered to RGBA for sharp's raw input.
 */
export const decodeBmp = (bytes: Uint8Array): RgbaPixels => {
  let image: { width: number; height: number; data: Buffer };
  try {
    image = decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new UnreadableImageError('bmp', (error as Error).message);
  }
  const { width, height } = image;
  const pixels = width * height;
  if (image.data.byteLength < pixels * 4) {
    throw new UnreadableImageError('bmp', 'the pixel data is cut short');
  }
  const header = readBmpHeader(bytes);
  const data = Buffer.allocUnsafe(pixels * 4);
  let anyAlpha = false;
  let allClear = true;
  for (let i = 0; i < pixels * 4; i += 4) {
    const alpha = image.data[i]!;
    data[i] = image.data[i + 3]!;
    data[i + 1] = image.data[i + 2]!;
    data[i + 2] = image.data[i + 1]!;
    data[i + 3] = alpha;
    if (alpha !== 255) anyAlpha = true;
    if (alpha !== 0) allClear = false;
  }
  // Only 32-bit BMPs can carry alpha, and many write 0 in the unused byte: all-zero means opaque.
  const transparency = header.bitsPerPixel === 32 && anyAlpha && !allClear;
  if (!transparency) for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { width, height, data, transparency };
};
