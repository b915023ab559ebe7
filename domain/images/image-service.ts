import type { Clock } from '../../ports/clock.port';
import type { ContentSniffer } from '../../ports/content-sniffer.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { ImageFacts, ImageProcessor, RenderedImage } from '../../ports/image-processor.port';
import type { ObjectStore } from '../../ports/object-store.port';
import type { WorkRecordStore } from '../../ports/work-record-store.port';
import { readObjectBytes } from '../shared/object-bytes';
import { ObjectWork } from '../shared/object-work';
import type { Page, PageRequest } from '../shared/pagination';
import {
  ImageFileTooLargeError,
  ImageInputError,
  ImageNotFoundError,
  ImageSourceNotFoundError,
  VariantNotReadyError,
} from './image-errors';
import { imageEventsFor } from './image-events';
import { extensionOf, imageFormatOf } from './image-format';
import { DEFAULT_MAX_PIXELS, renderPlan } from './image-plan';
import { blankImageRecord, type ImageRecord, type ImageVariant } from './image-record';
import {
  IMAGE_UPLOAD_PREFIX,
  JPEG_QUALITY,
  type VariantName,
  variantKey,
  variantMetadata,
} from './image-variants';

export interface ImageServiceOptions {
  /** Pixel limit against decompression bombs (width x height); 50 MP by default. */
  maxPixels?: number;
  /** Largest source object read; 100 MiB by default (uploads are capped lower by the route). */
  maxBytes?: number;
  /** How long a presigned variant URL is valid. */
  urlExpiresInSeconds?: number;
  leaseMs?: number;
}

/** An image rendered without storing anything (the CLI, the benchmark). */
export interface RenderedSource {
  facts: ImageFacts;
  variants: RenderedImage[];
}

export class ImageService {
  private readonly work: ObjectWork<ImageRecord>;
  private readonly maxPixels: number;
  private readonly maxBytes: number;
  private readonly urlExpiresInSeconds: number;

  constructor(
    records: WorkRecordStore<ImageRecord>,
    private readonly objects: ObjectStore,
    private readonly processor: ImageProcessor,
    private readonly sniffer: ContentSniffer,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    options: ImageServiceOptions = {},
  ) {
    this.maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
    this.maxBytes = options.maxBytes ?? 100 * 1024 * 1024;
    this.urlExpiresInSeconds = options.urlExpiresInSeconds ?? 300;
    this.work = new ObjectWork<ImageRecord>(records, objects, clock, ids, {
      blank: blankImageRecord,
      eventsFor: imageEventsFor,
      isInputError: (error): error is ImageInputError => error instanceof ImageInputError,
      notFound: (id) => new ImageNotFoundError(id),
      sourceNotFound: (key) => new ImageSourceNotFoundError(key),
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    });
  }

  get(id: string): Promise<ImageRecord> {
    return this.work.get(id);
  }

  list(page: PageRequest): Promise<Page<ImageRecord>> {
    return this.work.list(page);
  }

  /**
   * Keeps an uploaded image under images/uploads/ (named by what its bytes are, not what the
   * client said) and records it as queued; bytes that are no supported image are refused here.
   */
  async upload(bytes: Uint8Array): Promise<ImageRecord> {
    const format = imageFormatOf(await this.sniffer.sniff(bytes));
    const key = `${IMAGE_UPLOAD_PREFIX}${this.ids.next()}.${extensionOf(format)}`;
    const info = await this.objects.put(key, bytes, { contentType: `image/${format}` });
    return this.work.queue(info);
  }

  /** The one call every object-created trigger makes: processes this version of `key` once. */
  process(key: string): Promise<ImageRecord> {
    return this.work.run(key, (record) => this.processRecord(record));
  }

  /** What a stopped server left queued or half done; null when nothing was. */
  resume(key: string): Promise<ImageRecord | null> {
    return this.work.resume(key, (record) => this.processRecord(record));
  }

  /** A presigned URL of one variant of a processed image. */
  async variantUrl(id: string, variant: VariantName): Promise<string> {
    const record = await this.get(id);
    const found = record.variants.find((v) => v.name === variant);
    if (!found) throw new VariantNotReadyError(id, variant, record.status);
    return this.objects.presignGet(found.key, this.urlExpiresInSeconds);
  }

  /** Sniffs, checks and renders every variant of an image held in memory. */
  async render(bytes: Uint8Array): Promise<RenderedSource> {
    const format = imageFormatOf(await this.sniffer.sniff(bytes));
    const facts = await this.processor.inspect(bytes, format);
    const targets = renderPlan(facts, this.maxPixels);
    const variants = await this.processor.render(bytes, format, targets, {
      quality: JPEG_QUALITY,
      maxPixels: this.maxPixels,
    });
    return { facts, variants };
  }

  private async processRecord(record: ImageRecord): Promise<Partial<ImageRecord>> {
    const object = await this.objects.get(record.source);
    if (!object) throw new ImageSourceNotFoundError(record.source);
    if (object.info.size > this.maxBytes) {
      throw new ImageFileTooLargeError(object.info.size, this.maxBytes);
    }
    const bytes = await readObjectBytes(object.body, this.maxBytes);
    if (!bytes) throw new ImageFileTooLargeError(object.info.size, this.maxBytes);
    const { facts, variants } = await this.render(bytes);
    const processedAt = this.clock.now().toISOString();
    const stored: ImageVariant[] = await Promise.all(
      variants.map(async (variant) => {
        const name = variant.name as VariantName;
        const key = variantKey(record.source, name);
        await this.objects.put(key, variant.bytes, {
          contentType: 'image/jpeg',
          metadata: variantMetadata(record.source, name, processedAt),
        });
        return {
          name,
          key,
          width: variant.width,
          height: variant.height,
          bytes: variant.bytes.byteLength,
        };
      }),
    );
    return {
      format: facts.format,
      width: facts.width,
      height: facts.height,
      orientation: facts.orientation,
      mode: facts.mode,
      transparency: facts.transparency,
      bytes: bytes.byteLength,
      variants: stored,
    };
  }
}
