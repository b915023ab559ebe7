/** Width and height in pixels. */
export interface Size {
  width: number;
  height: number;
}

/**
 * PIL's `Image.thumbnail(box)` size rule, as Pillow's Image.py computes it (preserve_aspect_ratio,
 * Pillow 7+): the image is fitted inside the box keeping its aspect ratio and never enlarged.
 * When the image already fits in both directions it keeps its size. Otherwise the side that
 * binds takes the box's length and the other side is floor or ceil of its exact length,
 * whichever gives the aspect ratio closer to the original (floor on a tie, as Python's `min`
 * keeps the first), and at least 1. The arithmetic is the same IEEE double arithmetic in the
 * same order as Python's, so ties resolve identically.
 */
export const thumbnailSize = (image: Size, box: Size): Size => {
  const x = Math.floor(box.width);
  const y = Math.floor(box.height);
  if (x >= image.width && y >= image.height) return { width: image.width, height: image.height };
  const aspect = image.width / image.height;
  if (x / y >= aspect) {
    return { width: roundAspect(y * aspect, (n) => Math.abs(aspect - n / y)), height: y };
  }
  return {
    width: x,
    height: roundAspect(x / aspect, (n) => (n === 0 ? 0 : Math.abs(aspect - x / n))),
  };
};

/** `max(min(floor(n), ceil(n), key=key), 1)`: the first of the two on a tie, as Python's min. */
const roundAspect = (value: number, distance: (n: number) => number): number => {
  const low = Math.floor(value);
  const high = Math.ceil(value);
  return Math.max(distance(high) < distance(low) ? high : low, 1);
};
