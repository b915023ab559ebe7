import type { ImageFacts, RenderTarget } from '../../ports/image-processor.port';
import { ImageTooLargeError } from './image-errors';
import { VARIANTS } from './image-variants';
import { thumbnailSize } from './thumbnail-size';

/** The pixel limit against decompression bombs unless configured: 50 megapixels. */
export const DEFAULT_MAX_PIXELS = 50_000_000;

/**
 * What to render from an image: each thumbnail at PIL's `thumbnail()` size for its box, and the
 * optimized copy at full size. An image over the pixel limit is refused here, from its header,
 * before anything is decoded.
 */
export const renderPlan = (facts: ImageFacts, maxPixels = DEFAULT_MAX_PIXELS): RenderTarget[] => {
  if (facts.width * facts.height > maxPixels) {
    throw new ImageTooLargeError({ width: facts.width, height: facts.height, maxPixels });
  }
  return VARIANTS.map(({ name, box }) => ({
    name,
    ...(box ? thumbnailSize(facts, box) : { width: facts.width, height: facts.height }),
  }));
};
