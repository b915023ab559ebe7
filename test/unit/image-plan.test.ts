import { describe, expect, it } from 'vitest';
import { ImageTooLargeError } from '../../domain/images/image-errors';
import { DEFAULT_MAX_PIXELS, renderPlan } from '../../domain/images/image-plan';
import { variantKey, variantMetadata } from '../../domain/images/image-variants';
import { thumbnailSize } from '../../domain/images/thumbnail-size';
import type { ImageFacts } from '../../ports/image-processor.port';

/*
 * Image.thumbnail() of Pillow 9.4 (Debian's python3-pil) on Image.new('L', (w, h)) for each box:
 * the reference our rule must reproduce, floor-or-ceil ties and the never-enlarge cases included.
 */
const PIL_THUMBNAILS: [number, number, [number, number][]][] = [
  [
    4000,
    3000,
    [
      [150, 113],
      [300, 225],
      [800, 600],
    ],
  ],
  [
    3000,
    4000,
    [
      [112, 150],
      [225, 300],
      [450, 600],
    ],
  ],
  [
    1000,
    10,
    [
      [150, 2],
      [300, 3],
      [800, 8],
    ],
  ],
  [
    10,
    1000,
    [
      [1, 150],
      [3, 300],
      [6, 600],
    ],
  ],
  [
    151,
    151,
    [
      [150, 150],
      [151, 151],
      [151, 151],
    ],
  ],
  [
    149,
    300,
    [
      [74, 150],
      [149, 300],
      [149, 300],
    ],
  ],
  [
    801,
    601,
    [
      [150, 113],
      [300, 225],
      [800, 600],
    ],
  ],
  [
    640,
    480,
    [
      [150, 113],
      [300, 225],
      [640, 480],
    ],
  ],
  [
    1,
    1,
    [
      [1, 1],
      [1, 1],
      [1, 1],
    ],
  ],
  [
    7,
    3,
    [
      [7, 3],
      [7, 3],
      [7, 3],
    ],
  ],
];
const BOXES = [
  { width: 150, height: 150 },
  { width: 300, height: 300 },
  { width: 800, height: 600 },
];

const facts = (width: number, height: number): ImageFacts => ({
  format: 'jpeg',
  width,
  height,
  orientation: 1,
  mode: 'RGB',
  transparency: false,
});

describe("PIL's thumbnail() size rule", () => {
  it.each(PIL_THUMBNAILS)('%ix%i fits each box as Pillow does', (width, height, expected) => {
    const sizes = BOXES.map((box) => thumbnailSize({ width, height }, box));
    expect(sizes.map(({ width: w, height: h }) => [w, h])).toEqual(expected);
  });

  it('never enlarges, keeps inside the box and stays at least 1 pixel on each side', () => {
    for (let width = 1; width <= 60; width += 1) {
      for (let height = 1; height <= 60; height += 7) {
        const size = thumbnailSize({ width, height }, { width: 16, height: 12 });
        expect(size.width).toBeLessThanOrEqual(Math.max(width, 1));
        expect(size.height).toBeLessThanOrEqual(height);
        expect(size.width).toBeLessThanOrEqual(16);
        expect(size.height).toBeLessThanOrEqual(12);
        expect(Math.min(size.width, size.height)).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe('render plan', () => {
  it('makes three thumbnails at their PIL sizes and a full-size optimized copy', () => {
    expect(renderPlan(facts(4000, 3000))).toEqual([
      { name: 'thumbnail_150x150', width: 150, height: 113 },
      { name: 'thumbnail_300x300', width: 300, height: 225 },
      { name: 'thumbnail_800x600', width: 800, height: 600 },
      { name: 'optimized', width: 4000, height: 3000 },
    ]);
  });

  it('refuses an image over the pixel limit from its header, with the sizes in the error', () => {
    expect(() => renderPlan(facts(20000, 20000))).toThrow(ImageTooLargeError);
    expect(() => renderPlan(facts(20000, 20000))).toThrow(/20000x20000/);
    expect(() => renderPlan(facts(100, 101), 10_000)).toThrow(ImageTooLargeError);
    expect(renderPlan(facts(100, 100), 10_000)).toHaveLength(4);
    expect(DEFAULT_MAX_PIXELS).toBe(50_000_000);
  });
});

describe('where variants go', () => {
  it.each([
    [
      'images/uploads/cat.png',
      'thumbnail_150x150',
      'processed/images/uploads/cat_thumbnail_150x150.jpg',
    ],
    ['images/a/b/photo.final.JPG', 'optimized', 'processed/images/a/b/photo.final_optimized.jpg'],
    ['images/noext', 'thumbnail_800x600', 'processed/images/noext_thumbnail_800x600.jpg'],
    ['images/.hidden', 'optimized', 'processed/images/.hidden_optimized.jpg'],
  ] as const)('%s %s -> %s', (source, variant, key) => {
    expect(variantKey(source, variant)).toBe(key);
  });

  it("carries the reference design's metadata", () => {
    expect(
      variantMetadata('images/x.png', 'thumbnail_300x300', '2026-01-01T00:00:00.000Z'),
    ).toEqual({
      'original-key': 'images/x.png',
      'processing-type': 'thumbnail',
      'processed-at': '2026-01-01T00:00:00.000Z',
    });
    expect(variantMetadata('images/x.png', 'optimized', 't')['processing-type']).toBe('optimized');
    // Headers carry printable ASCII only: the rest of a key is percent-encoded, as S3 does.
    expect(variantMetadata('images/søl é.png', 'optimized', 't')['original-key']).toBe(
      'images/s%C3%B8l %C3%A9.png',
    );
  });
});

describe('document text cap', () => {
  it('cuts UTF-8 between characters, never inside one', async () => {
    const { utf8Prefix } = await import('../../domain/documents/document-text');
    expect(utf8Prefix('aé€😀', 1)).toBe('a');
    expect(utf8Prefix('aé€😀', 2)).toBe('a');
    expect(utf8Prefix('aé€😀', 3)).toBe('aé');
    expect(utf8Prefix('aé€😀', 5)).toBe('aé');
    expect(utf8Prefix('aé€😀', 6)).toBe('aé€');
    expect(utf8Prefix('aé€😀', 9)).toBe('aé€');
    expect(utf8Prefix('aé€😀', 10)).toBe('aé€😀');
  });
});
