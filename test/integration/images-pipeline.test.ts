import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTypeSniffer } from '../../adapters/file-type/content-sniffer.file-type';
import { FsObjectStore } from '../../adapters/local/object-store.fs';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { MemoryOutbox } from '../../adapters/memory/outbox.memory';
import { MemoryWorkRecordStore } from '../../adapters/memory/work-record-store.memory';
import { PdfJsDocumentReader } from '../../adapters/pdfjs/document-reader.pdfjs';
import { SharpImageProcessor } from '../../adapters/sharp/image-processor.sharp';
import type { DocumentRecord } from '../../domain/documents/document-record';
import { DocumentService } from '../../domain/documents/document-service';
import { UnsupportedImageFormatError } from '../../domain/images/image-errors';
import { blankImageRecord, type ImageRecord } from '../../domain/images/image-record';
import { ImageService } from '../../domain/images/image-service';
import { WorkInProgressError } from '../../domain/shared/object-work';
import * as make from '../support/image-fixtures';
import {
  expectImageOutcome,
  expectPdfSummary,
  imageCases,
  scenarioPdf,
} from '../support/image-scenario';
import { tempDir } from '../support/temp-dir';

/** The services on the real adapters (sharp, file-type, PDF.js, files), records in memory. */
const world = () => {
  const dir = tempDir('images-');
  const clock = new ManualClock();
  const ids = new SequentialIdGenerator();
  const outbox = new MemoryOutbox();
  const objects = new FsObjectStore({
    root: dir.path,
    publicBaseUrl: 'http://127.0.0.1:1',
    signingSecret: 'x'.repeat(32),
    clock,
  });
  const imageRecords = new MemoryWorkRecordStore<ImageRecord>(outbox);
  const sniffer = new FileTypeSniffer();
  const images = new ImageService(
    imageRecords,
    objects,
    new SharpImageProcessor(),
    sniffer,
    clock,
    ids,
  );
  const documents = new DocumentService(
    new MemoryWorkRecordStore<DocumentRecord>(outbox),
    objects,
    new PdfJsDocumentReader(),
    sniffer,
    clock,
    ids,
  );
  const read = async (key: string) => {
    const object = await objects.get(key);
    if (!object) throw new Error(`no ${key}`);
    const chunks: Uint8Array[] = [];
    for await (const chunk of object.body) chunks.push(chunk);
    return Buffer.concat(chunks);
  };
  return { clock, outbox, objects, imageRecords, images, documents, read, close: dir.remove };
};

describe('the image pipeline on its real adapters', () => {
  let w: ReturnType<typeof world>;
  beforeEach(() => {
    w = world();
  });
  afterEach(() => w.close());

  it('processes each input of the scenario to its outcome, with one event each', async () => {
    const cases = await imageCases();
    for (const c of cases) {
      const key = `images/scenario/${c.file}`;
      await w.objects.put(key, c.bytes);
      const record = await w.images.process(key);
      await expectImageOutcome(record, c, (variantKey) => w.read(variantKey));
      expect(await w.images.get(record.id)).toEqual(record);
    }
    const events = w.outbox.all();
    expect(events.map((e) => e.type)).toEqual(
      cases.map((c) => (c.expected.status === 'done' ? 'image.processed' : 'image.failed')),
    );
    expect(events.at(-1)?.payload).toMatchObject({ code: 'IMAGE.UNSUPPORTED_FORMAT' });
  });

  it("stores each variant at processed/<dir>/<base>_<suffix>.jpg with the reference design's metadata", async () => {
    await w.objects.put('images/a/cat.png', await make.pngWithAlpha());
    const record = await w.images.process('images/a/cat.png');
    expect(record.variants.map((v) => v.key)).toEqual([
      'processed/images/a/cat_thumbnail_150x150.jpg',
      'processed/images/a/cat_thumbnail_300x300.jpg',
      'processed/images/a/cat_thumbnail_800x600.jpg',
      'processed/images/a/cat_optimized.jpg',
    ]);
    const info = await w.objects.head('processed/images/a/cat_thumbnail_150x150.jpg');
    expect(info).toMatchObject({
      contentType: 'image/jpeg',
      metadata: {
        'original-key': 'images/a/cat.png',
        'processing-type': 'thumbnail',
        'processed-at': w.clock.now().toISOString(),
      },
    });
    expect(
      (await w.objects.head('processed/images/a/cat_optimized.jpg'))?.metadata['processing-type'],
    ).toBe('optimized');
  });

  it('processes one object version once, however often it is announced', async () => {
    await w.objects.put('images/twice.gif', await make.gif());
    const first = await w.images.process('images/twice.gif');
    const again = await w.images.process('images/twice.gif');
    expect(again).toEqual(first);
    expect(w.outbox.all()).toHaveLength(1);
    // A new version of the key is new work.
    await w.objects.put('images/twice.gif', make.bmp());
    const second = await w.images.process('images/twice.gif');
    expect(second.id).not.toBe(first.id);
    expect(second.format).toBe('bmp');
  });

  it('refuses an upload that is no image, naming what it is, and stores nothing', async () => {
    await expect(w.images.upload(make.textNamedJpg())).rejects.toThrow(UnsupportedImageFormatError);
    await expect(w.images.upload(scenarioPdf())).rejects.toThrow(/application\/pdf/);
    expect((await w.objects.list('images/', { limit: 10 })).items).toEqual([]);
  });

  it('queues an upload under images/uploads/ named by its real format, then processes it', async () => {
    const queued = await w.images.upload(await make.jpegWithExifAndGps());
    expect(queued).toMatchObject({
      status: 'queued',
      source: expect.stringMatching(/^images\/uploads\/.+\.jpg$/),
    });
    expect(await w.images.upload(Buffer.from(await w.read(queued.source)))).not.toEqual(queued);
    const done = await w.images.process(queued.source);
    expect(done).toMatchObject({ id: queued.id, status: 'done', version: 3 });
  });

  it('resumes queued or abandoned work at start, and leaves live and finished work alone', async () => {
    const queued = await w.images.upload(await make.gif());
    expect(await w.images.resume(queued.source)).toMatchObject({ status: 'done' });
    expect(await w.images.resume(queued.source)).toBeNull();
    // A worker that claimed an image and died: live for the lease, then taken over.
    await w.objects.put('images/uploads/died.png', await make.pngWithAlpha());
    const info = (await w.objects.head('images/uploads/died.png'))!;
    const { objectVersionId } = await import('../../domain/shared/object-version');
    const id = objectVersionId(info.key, info.etag);
    const now = w.clock.now().toISOString();
    await w.imageRecords.create(
      blankImageRecord({
        id,
        source: info.key,
        sourceVersion: info.etag,
        status: 'processing',
        createdAt: now,
        startedAt: now,
        finishedAt: null,
        updatedAt: now,
        version: 1,
      }),
      [],
    );
    expect(await w.images.resume(info.key)).toBeNull();
    await expect(w.images.process(info.key)).rejects.toThrow(WorkInProgressError);
    w.clock.advance(3 * 60_000);
    expect(await w.images.resume(info.key)).toMatchObject({ status: 'done', format: 'png' });
  });

  it('renders a 12-megapixel photo from one call, the full-size copy at full size', async () => {
    const rendered = await w.images.render(await make.photoLikeJpeg(4000, 3000));
    expect(rendered.variants.map(({ width, height }) => [width, height])).toEqual([
      [150, 113],
      [300, 225],
      [800, 600],
      [4000, 3000],
    ]);
  });

  it('decodes the same outputs whichever render strategy is used', async () => {
    const bytes = await make.jpegWithExifAndGps();
    const targets = [
      { name: 'a', width: 100, height: 150 },
      { name: 'b', width: 200, height: 300 },
    ];
    const options = { quality: 85, maxPixels: 1e6 };
    for (const strategy of ['clone', 'decode-once'] as const) {
      const out = await new SharpImageProcessor({ strategy }).render(
        bytes,
        'jpeg',
        targets,
        options,
      );
      expect(out.map(({ name, width, height }) => [name, width, height])).toEqual([
        ['a', 100, 150],
        ['b', 200, 300],
      ]);
    }
  });
});

describe('the document pipeline on PDF.js', () => {
  let w: ReturnType<typeof world>;
  beforeEach(() => {
    w = world();
  });
  afterEach(() => w.close());

  it('summarises a PDF: pages, title, author, creation date and text, with a document.read event', async () => {
    await w.objects.put('documents/report.pdf', scenarioPdf());
    const record = await w.documents.process('documents/report.pdf');
    expectPdfSummary(record);
    expect(w.outbox.all().map((e) => e.type)).toEqual(['document.read']);
  });

  it.each([
    { name: 'an encrypted PDF', bytes: () => make.encryptedPdf(), code: 'DOCUMENT.ENCRYPTED' },
    {
      name: 'a truncated PDF',
      bytes: () => scenarioPdf().subarray(0, 300),
      code: 'DOCUMENT.UNREADABLE',
    },
    { name: 'a BMP named .pdf', bytes: () => make.bmp(), code: 'DOCUMENT.NOT_PDF' },
    { name: 'text named .pdf', bytes: () => make.textNamedJpg(), code: 'DOCUMENT.NOT_PDF' },
  ])('records $name as failed with $code', async ({ bytes, code }) => {
    await w.objects.put('documents/x.pdf', bytes());
    expect(await w.documents.process('documents/x.pdf')).toMatchObject({
      status: 'failed',
      failure: { code },
    });
    expect(w.outbox.all().map((e) => e.type)).toEqual(['document.failed']);
  });

  it('keeps at most 64 KiB of text and says so, parsing no page past the cap', async () => {
    const page = 'word '.repeat(600).trim();
    const summary = await w.documents.summarize(
      make.pdf({ pages: Array.from({ length: 30 }, () => page) }),
    );
    expect(summary.textTruncated).toBe(true);
    expect(Buffer.byteLength(summary.text ?? '', 'utf8')).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.byteLength(summary.text ?? '', 'utf8')).toBe(64 * 1024);
    expect(summary.textPages).toBe(22);
    expect(summary.pages).toBe(30);
  });
});
