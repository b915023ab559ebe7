import { FileTypeSniffer } from '../../../adapters/file-type/content-sniffer.file-type';
import { imageErrors, imageRoutes } from '../../../adapters/http/routes/image.routes';
import { type ImageRecord, imageSummary } from '../../../domain/images/image-record';
import { ImageService, type ImageServiceOptions } from '../../../domain/images/image-service';
import { IMAGE_UPLOAD_PREFIX, IMAGES_PREFIX } from '../../../domain/images/image-variants';
import type { ImageProcessor } from '../../../ports/image-processor.port';
import type { WorkRecordStore } from '../../../ports/work-record-store.port';
import { lazyObject } from '../../composition/lazy';
import { defineModule } from '../domain-module';

export interface ImagesStores {
  images: WorkRecordStore<ImageRecord>;
}

export interface ImagesServices {
  images: ImageService;
}

/**
 * sharp is native and heavy: loaded by the first image processed, so an app or function that
 * only serves records (the HTTP function) never loads it, and its bundle leaves it out.
 */
const sharpProcessor = (): ImageProcessor =>
  lazyObject(async () => {
    const { SharpImageProcessor } = await import('../../../adapters/sharp/image-processor.sharp');
    return new SharpImageProcessor();
  });

/** File extensions the S3 notifications and blob filters name (the type still comes from the bytes). */
export const IMAGE_SUFFIXES = [
  '.jpg',
  '.jpeg',
  '.png',
  '.gif',
  '.bmp',
  '.webp',
  '.tif',
  '.tiff',
  '.avif',
];

export const imagesModule = defineModule<ImagesStores, ImagesServices, ImageServiceOptions>({
  name: 'images',
  errors: imageErrors,
  stores: {
    memory: () => import('./images.memory').then((slice) => slice.imagesOnMemory),
    sqlite: () => import('./images.sqlite').then((slice) => slice.imagesOnSqlite),
    dynamodb: () => import('./images.dynamodb').then((slice) => slice.imagesOnDynamoDb),
    'azure-tables': () => import('./images.tables').then((slice) => slice.imagesOnTables),
  },
  services: ({ stores, objects, clock, ids, options }) => ({
    images: new ImageService(
      stores.images,
      objects,
      sharpProcessor(),
      new FileTypeSniffer(),
      clock,
      ids,
      options,
    ),
  }),
  routes: ({ images }, { objectCreated }) => imageRoutes(images, { objectCreated }),
  objects: [
    {
      prefix: IMAGES_PREFIX,
      onCreated: async ({ images }, key) => imageSummary(await images.process(key)),
      ownFunction: {
        name: 'images',
        suffixes: IMAGE_SUFFIXES,
        description: 'Thumbnails and optimized JPEGs of images created under images/ (sharp)',
      },
      resume: {
        prefix: IMAGE_UPLOAD_PREFIX,
        run: async ({ images }, key) => {
          const record = await images.resume(key);
          return record && imageSummary(record);
        },
      },
    },
  ],
});
