/**
 * Images processed in a fresh process, for `npm run bench:images`' memory figures: renders the
 * JPEG at <file> <count> times in a row through the image service and prints, as JSON, the
 * process's peak RSS and its RSS after the first image and after the last.
 * Run as `tsx test/bench/images-rss.ts <file> <count> [decode-once|clone]`.
 */
import { readFileSync } from 'node:fs';
import { FileTypeSniffer } from '../../adapters/file-type/content-sniffer.file-type';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { MemoryOutbox } from '../../adapters/memory/outbox.memory';
import { MemoryWorkRecordStore } from '../../adapters/memory/work-record-store.memory';
import { SharpImageProcessor } from '../../adapters/sharp/image-processor.sharp';
import type { ImageRecord } from '../../domain/images/image-record';
import { ImageService } from '../../domain/images/image-service';
import type { ObjectStore } from '../../ports/object-store.port';

export const benchImageService = (processor = new SharpImageProcessor()) =>
  new ImageService(
    new MemoryWorkRecordStore<ImageRecord>(new MemoryOutbox()),
    // render() stores nothing: no object store is reached.
    {} as ObjectStore,
    processor,
    new FileTypeSniffer(),
    new SystemClock(),
    new UuidV7IdGenerator(),
  );

const [file, countArg, strategy] = process.argv.slice(2);
if (file && countArg) {
  const bytes = readFileSync(file);
  const service = benchImageService(
    new SharpImageProcessor({ strategy: strategy === 'clone' ? 'clone' : 'decode-once' }),
  );
  const startRssMiB = process.memoryUsage.rss() / 1024 / 1024;
  const mib = (bytes: number) => bytes / 1024 / 1024;
  let afterFirst = 0;
  let afterHalf = 0;
  for (let i = 0; i < Number(countArg); i += 1) {
    await service.render(bytes);
    if (i === 0) afterFirst = mib(process.memoryUsage.rss());
    if (i === Math.floor(Number(countArg) / 2) - 1) afterHalf = mib(process.memoryUsage.rss());
  }
  process.stdout.write(
    `${JSON.stringify({
      count: Number(countArg),
      startRssMiB,
      // maxRSS is in KiB.
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      rssAfterFirstMiB: afterFirst,
      rssAfterHalfMiB: afterHalf,
      rssAfterLastMiB: mib(process.memoryUsage.rss()),
    })}\n`,
  );
}
