/**
 * `npm run bench:images`: a 12-megapixel photo-like JPEG (4000x3000, a gradient with noise,
 * made here) to its three thumbnails and optimized copy, timed in one run against:
 * - the floor: sharp's full-size q85 encode alone (decode + encode, no thumbnails);
 * - a naive pipeline: one sharp pipeline per variant, awaited in turn, each decoding the source;
 * and our two render strategies (clone: a pipeline per output sharing the input, thumbnails
 * decoded with JPEG shrink-on-load; decode-once: one full decode to raw pixels, every output
 * from them). Medians of alternated runs, wall and CPU time (every thread: what a function with
 * a fraction of a vCPU pays); then peak RSS for 1 image and over 100 in a row, each in a fresh
 * process, with glibc's default allocator and with MALLOC_ARENA_MAX=2. Prints the README tables.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { SharpImageProcessor } from '../../adapters/sharp/image-processor.sharp';
import { renderPlan } from '../../domain/images/image-plan';
import { photoLikeJpeg } from '../support/image-fixtures';
import { tempDir } from '../support/temp-dir';
import { benchImageService } from './images-rss';

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const OURS = 'ours (decode once to raw)';
const FLOOR = 'floor: full-size q85 encode alone';
const NAIVE = 'naive: a pipeline per variant, in turn';

interface Rss {
  startRssMiB: number;
  peakRssMiB: number;
  rssAfterFirstMiB: number;
  rssAfterHalfMiB: number;
  rssAfterLastMiB: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const f = (n: number) => n.toFixed(0);

const timeAll = async (contenders: Record<string, () => Promise<unknown>>) => {
  const names = Object.keys(contenders);
  const wall: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const work of Object.values(contenders)) await work(); // warm-up: JIT, first allocations
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, work] of Object.entries(contenders)) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      await work();
      const used = process.cpuUsage(cpuBefore);
      wall[name]!.push(performance.now() - started);
      cpu[name]!.push((used.user + used.system) / 1000);
    }
  }
  return Object.keys(contenders).map((name) => ({
    name,
    wall: median(wall[name]!),
    cpu: median(cpu[name]!),
  }));
};

/** `arenas`: glibc's MALLOC_ARENA_MAX (read at process start), as the images function sets it. */
const rss = async (file: string, count: number, arenas?: string): Promise<Rss> => {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'test/bench/images-rss.ts', file, String(count)],
    {
      maxBuffer: 1024 * 1024,
      env: { ...process.env, ...(arenas ? { MALLOC_ARENA_MAX: arenas } : {}) },
    },
  );
  return JSON.parse(stdout) as Rss;
};

const dir = tempDir('bench-images-');
try {
  const bytes = await photoLikeJpeg(4000, 3000);
  const file = join(dir.path, 'photo.jpg');
  writeFileSync(file, bytes);
  const clone = benchImageService(new SharpImageProcessor({ strategy: 'clone' }));
  const once = benchImageService(new SharpImageProcessor({ strategy: 'decode-once' }));
  const targets = renderPlan({
    format: 'jpeg',
    width: 4000,
    height: 3000,
    orientation: 1,
    mode: 'RGB',
    transparency: false,
  });
  const jpeg = { quality: 85, optimiseCoding: true, mozjpeg: false } as const;
  const results = await timeAll({
    [OURS]: () => once.render(bytes),
    'ours, clone strategy (shrink-on-load per thumbnail)': () => clone.render(bytes),
    [FLOOR]: () => sharp(bytes).jpeg(jpeg).toBuffer(),
    [NAIVE]: async () => {
      for (const target of targets) {
        await sharp(bytes)
          .autoOrient()
          .flatten({ background: '#ffffff' })
          .resize(target.width, target.height, { fit: 'fill' })
          .jpeg(jpeg)
          .toBuffer();
      }
    },
  });
  const of = (name: string) => results.find((r) => r.name === name)!;
  const floor = of(FLOOR);
  const naive = of(NAIVE);
  console.table(
    Object.fromEntries(
      results.map((r) => [
        r.name,
        {
          'wall ms': Math.round(r.wall),
          'wall x floor': (r.wall / floor.wall).toFixed(2),
          'CPU ms': Math.round(r.cpu),
          'CPU x floor': (r.cpu / floor.cpu).toFixed(2),
          'naive / this (wall)': (naive.wall / r.wall).toFixed(2),
        },
      ]),
    ),
  );
  const ours = of(OURS);
  console.log(
    `ours / floor ${(ours.wall / floor.wall).toFixed(2)}x wall, ${(ours.cpu / floor.cpu).toFixed(2)}x CPU (target <= 1.3x: ${ours.wall / floor.wall <= 1.3 ? 'met' : 'not met'}); ` +
      `naive / ours ${(naive.wall / ours.wall).toFixed(2)}x (target >= 2x: ${naive.wall / ours.wall >= 2 ? 'met' : 'not met'})`,
  );
  const memory: [string, Rss, Rss][] = [];
  for (const arenas of [undefined, '2']) {
    memory.push([
      arenas ? `MALLOC_ARENA_MAX=${arenas}` : 'glibc default',
      await rss(file, 1, arenas),
      await rss(file, 100, arenas),
    ]);
  }
  console.log(
    '\n| pipeline (12 MP JPEG to 3 thumbnails + optimized) | wall | vs floor | CPU | vs floor |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${f(r.wall)} ms | ${(r.wall / floor.wall).toFixed(2)}x | ${f(r.cpu)} ms | ${(r.cpu / floor.cpu).toFixed(2)}x |`,
    );
  }
  console.log(
    '\n| allocator | 1 image: peak RSS (process at start) | 100 in a row: peak RSS | RSS after the 1st / 50th / 100th |',
  );
  console.log('| --- | --- | --- | --- |');
  for (const [name, one, hundred] of memory) {
    console.log(
      `| ${name} | ${f(one.peakRssMiB)} MiB (${f(one.startRssMiB)}) | ${f(hundred.peakRssMiB)} MiB | ${f(hundred.rssAfterFirstMiB)} / ${f(hundred.rssAfterHalfMiB)} / ${f(hundred.rssAfterLastMiB)} MiB |`,
    );
  }
  const one = memory[0]![1];
  console.log(`\npeak RSS for 1 image < 300 MiB: ${one.peakRssMiB < 300 ? 'met' : 'not met'}`);
} finally {
  dir.remove();
}
