import sharp from 'sharp';
import { expect } from 'vitest';
import type { DocumentRecord } from '../../domain/documents/document-record';
import type { ImageRecord } from '../../domain/images/image-record';
import { thumbnailSize } from '../../domain/images/thumbnail-size';
import * as make from './image-fixtures';

/** One input of the scenario the issue names, and what must become of it, on every door. */
export interface ImageCase {
  name: string;
  /** The object name it is stored or uploaded under (the bomb and the liar lie about it). */
  file: string;
  bytes: Buffer;
  expected:
    | {
        status: 'done';
        format: string;
        width: number;
        height: number;
        orientation: number;
        transparency: boolean;
      }
    | { status: 'failed'; code: string };
}

export const imageCases = async (): Promise<ImageCase[]> => [
  {
    name: 'a JPEG with EXIF orientation 6 and GPS',
    file: 'rotated.jpg',
    bytes: await make.jpegWithExifAndGps(),
    expected: {
      status: 'done',
      format: 'jpeg',
      width: 200,
      height: 300,
      orientation: 6,
      transparency: false,
    },
  },
  {
    name: 'a PNG with alpha',
    file: 'alpha.png',
    bytes: await make.pngWithAlpha(),
    expected: {
      status: 'done',
      format: 'png',
      width: 64,
      height: 48,
      orientation: 1,
      transparency: true,
    },
  },
  {
    name: 'a GIF',
    file: 'anim.gif',
    bytes: await make.gif(),
    expected: {
      status: 'done',
      format: 'gif',
      width: 40,
      height: 30,
      orientation: 1,
      transparency: true,
    },
  },
  {
    name: 'a BMP',
    file: 'old.bmp',
    bytes: make.bmp(),
    expected: {
      status: 'done',
      format: 'bmp',
      width: 33,
      height: 17,
      orientation: 1,
      transparency: false,
    },
  },
  {
    name: 'a 20000x20000 PNG bomb',
    file: 'bomb.png',
    bytes: make.pngBomb(),
    expected: { status: 'failed', code: 'IMAGE.TOO_LARGE' },
  },
  {
    name: 'a truncated JPEG',
    file: 'cut.jpg',
    bytes: await make.truncatedJpeg(),
    expected: { status: 'failed', code: 'IMAGE.UNREADABLE' },
  },
  {
    name: 'a text file named .jpg',
    file: 'list.jpg',
    bytes: make.textNamedJpg(),
    expected: { status: 'failed', code: 'IMAGE.UNSUPPORTED_FORMAT' },
  },
];

export const scenarioPdf = () =>
  make.pdf({
    pages: ['Quarterly report', 'Second page (with parentheses)'],
    title: 'Report Q3',
    author: 'Ada Lovelace',
    created: 'D:20240102030405Z',
  });

/** What a read PDF's record must say. */
export const expectPdfSummary = (record: DocumentRecord) =>
  expect(record).toMatchObject({
    status: 'done',
    pages: 2,
    title: 'Report Q3',
    author: 'Ada Lovelace',
    createdOn: '2024-01-02T03:04:05.000Z',
    text: 'Quarterly report\n\nSecond page (with parentheses)',
    textTruncated: false,
  });

const BOXES = {
  thumbnail_150x150: { width: 150, height: 150 },
  thumbnail_300x300: { width: 300, height: 300 },
  thumbnail_800x600: { width: 800, height: 600 },
} as const;

/**
 * Checks a record against its case, and, for a processed one, each variant's bytes as read back
 * through the door (`read`): a JPEG of the size the record says and PIL's rule gives, with no
 * EXIF (so no GPS) and upright (the red quarter of the rotated photo is top-right).
 */
export const expectImageOutcome = async (
  record: ImageRecord,
  c: ImageCase,
  read: (key: string, variant: string) => Promise<Uint8Array>,
): Promise<void> => {
  if (c.expected.status === 'failed') {
    expect(record, c.name).toMatchObject({
      status: 'failed',
      failure: { code: c.expected.code },
      variants: [],
    });
    return;
  }
  const { status, ...facts } = c.expected;
  expect(record, c.name).toMatchObject({ status, ...facts, bytes: c.bytes.byteLength });
  expect(record.variants.map((v) => v.name)).toEqual([
    'thumbnail_150x150',
    'thumbnail_300x300',
    'thumbnail_800x600',
    'optimized',
  ]);
  for (const variant of record.variants) {
    const box = variant.name === 'optimized' ? null : BOXES[variant.name];
    const size = box ? thumbnailSize(facts, box) : { width: facts.width, height: facts.height };
    expect([variant.width, variant.height], `${c.name} ${variant.name}`).toEqual([
      size.width,
      size.height,
    ]);
    const bytes = Buffer.from(await read(variant.key, variant.name));
    expect(bytes.byteLength).toBe(variant.bytes);
    const meta = await sharp(bytes).metadata();
    expect(meta, `${c.name} ${variant.name}`).toMatchObject({
      format: 'jpeg',
      width: size.width,
      height: size.height,
      space: 'srgb',
      hasAlpha: false,
    });
    expect(meta.exif, 'no EXIF, so no GPS').toBeUndefined();
    expect(make.hasGpsIfd(meta.exif)).toBe(false);
    if (c.expected.orientation === 6 && variant.name === 'optimized') {
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      const pixel = (x: number, y: number) => [
        ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
      ];
      const [r1, , b1] = pixel(info.width - 10, 10);
      const [r2, , b2] = pixel(10, 10);
      expect(r1! > 150 && b1! < 100, 'top-right is red: turned upright').toBe(true);
      expect(b2! > 150 && r2! < 100, 'top-left is blue').toBe(true);
    }
    if (c.expected.transparency && c.expected.format === 'png' && variant.name === 'optimized') {
      const { data } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      expect(
        [...data.subarray(0, 3)].every((v) => v > 240),
        'alpha flattened onto white',
      ).toBe(true);
    }
  }
};
