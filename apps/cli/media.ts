import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pino } from 'pino';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { FsObjectStore } from '../../adapters/local/object-store.fs';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import { composeModules } from '../composition/compose-modules';
import { openMemoryStore } from '../composition/stores/memory';
import { documentsModule } from '../modules/documents/documents.module';
import { imagesModule } from '../modules/images/images.module';

export const MEDIA_USAGE = `Usage: npm run cli -- images process <file> [--out DIR]
       npm run cli -- documents read <file.pdf>

Runs the pipeline on one file without a server or a store: images writes its thumbnails and
optimized JPEG to DIR (default: ./processed) and prints the image record as JSON; documents prints
the PDF's summary. Exit code 0 when processed, 1 when the file was refused (its code is in the
record), 2 for bad arguments.`;

/**
 * The images and documents modules composed as every app composes them, on throwaway parts:
 * records in memory, objects in a temporary folder removed at the end.
 */
const withPipeline = async <T>(
  work: (parts: Awaited<ReturnType<typeof compose>>) => Promise<T>,
): Promise<T> => {
  const root = mkdtempSync(join(tmpdir(), 'one-core-cli-'));
  const parts = await compose(root);
  try {
    return await work(parts);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
};

const compose = async (root: string) => {
  const modules = [imagesModule, documentsModule];
  const store = await openMemoryStore(modules);
  const clock = new SystemClock();
  const objects = new FsObjectStore({
    root,
    publicBaseUrl: 'http://localhost',
    signingSecret: 'cli-objects-are-never-served-here',
    clock,
  });
  const composed = composeModules(
    modules,
    {
      clock,
      ids: new UuidV7IdGenerator(),
      logger: createPinoLogger({
        level: 'warn',
        destination: pino.destination({ fd: 2, sync: true }),
      }),
      objects,
      notifier: new MemoryNotifier(),
    },
    { storesOf: (module) => store.storesOf(module) },
  );
  return {
    objects,
    images: composed.services(imagesModule).images,
    documents: composed.services(documentsModule).documents,
  };
};

const bytesOf = async (objects: FsObjectStore, key: string): Promise<Buffer> => {
  const object = await objects.get(key);
  if (!object) throw new Error(`${key} vanished`);
  const chunks: Uint8Array[] = [];
  for await (const chunk of object.body) chunks.push(chunk);
  return Buffer.concat(chunks);
};

/** `images process`: the record as JSON on stdout, the variants as files in `outDir`. */
export const processImage = (file: string, outDir: string): Promise<number> =>
  withPipeline(async ({ objects, images }) => {
    const key = `images/cli/${basename(file)}`;
    await objects.put(key, readFileSync(file));
    const record = await images.process(key);
    mkdirSync(outDir, { recursive: true });
    const variants = await Promise.all(
      record.variants.map(async (variant) => {
        const path = resolve(outDir, basename(variant.key));
        writeFileSync(path, await bytesOf(objects, variant.key));
        return { ...variant, file: path };
      }),
    );
    process.stdout.write(`${JSON.stringify({ ...record, variants }, null, 2)}\n`);
    return record.status === 'done' ? 0 : 1;
  });

/** `documents read`: the summary record as JSON. */
export const readDocument = (file: string): Promise<number> =>
  withPipeline(async ({ objects, documents }) => {
    const key = `documents/cli/${basename(file)}`;
    await objects.put(key, readFileSync(file));
    const record = await documents.process(key);
    process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    return record.status === 'done' ? 0 : 1;
  });
