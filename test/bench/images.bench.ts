/**
 * `npm run bench:images`: a 12-megapixel photo-like JPEG (4000x3000, a gradient with noise,
 * made here) to its three thumbnails and optimized copy, timed in one run against:
 * - the floor: sharp's full-size q85 encode alone (decode + encode, no thumbnails);
 * - a naive pipeline: one sharp pipeline per variant, awaited in turn, each decoding the source;
 * and our two render strategies (clone: a pipeline per output sharing the input, thumbnails
 * decoded with JPEG shrink-on-load; decode-once: one full decode to raw pixels, every output
 * from them). Medians of alternated runs; then peak RSS for 1 image and over 100 in a row, each
 * in a fresh process. Prints the table kept in the README.
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

  const contenders: Record<string, () => Promise<unknown>> = {
    'ours (clone + shrink-on-load)': () => clone.render(bytes),
    'ours (decode once to raw)': () => once.render(bytes),
    'floor: full-size q85 encode alone': () => sharp(bytes).jpeg(jpeg).toBuffer(),
    'naive: a pipeline per variant, in turn': async () => {
      for (const target of targets) {
        await sharp(bytes)
          .autoOrient()
          .flatten({ background: '#ffffff' })
          .resize(target.width, target.height, { fit: 'fill' })
          .jpeg(jpeg)
          .toBuffer();
      }
    },
  };
  const times: Record<string, number[]> = Object.fromEntries(
    Object.keys(contenders).map((name) => [name, []]),
  );
  for (const work of Object.values(contenders)) await work(); // warm-up: libvips caches, JIT
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, work] of Object.entries(contenders)) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      await work();
      times[name]!.push(performance.now() - started);
      const used = process.cpuUsage(cpuBefore);
      cpu[name]!.push((used.user + used.system) / 1000);
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const ms = Object.fromEntries(
    Object.entries(times).map(([name, values]) => [name, median(values)]),
  );
  const ours = ms['ours (clone + shrink-on-load)']!;
  const floor = ms['floor: full-size q85 encode alone']!;
  const naive = ms['naive: a pipeline per variant, in turn']!;
  console.table(
    Object.fromEntries(
      Object.entries(ms).map(([name, value]) => [
        name,
        {
          'median ms': Math.round(value),
          'x floor': (value / floor).toFixed(2),
          'naive / this': (naive / value).toFixed(2),
        },
      ]),
    ),
  );
  console.log(
    `ours / floor ${(ours / floor).toFixed(2)}x (target <= 1.3x: ${ours / floor <= 1.3 ? 'met' : 'not met'}); ` +
      `naive / ours ${(naive / ours).toFixed(2)}x (target >= 2x: ${naive / ours >= 2 ? 'met' : 'not met'})`,
  );

  const rss = async (count: number) => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'test/bench/images-rss.ts', file, String(count)],
      {
        maxBuffer: 1024 * 1024,
      },
    );
    return JSON.parse(stdout) as {
      peakRssMiB: number;
      rssAfterFirstMiB: number;
      rssAfterLastMiB: number;
    };
  };
  const one = await rss(1);
  const hundred = await rss(100);
  console.log(
    `Peak RSS: 1 image ${one.peakRssMiB.toFixed(0)} MiB (target < 300: ${one.peakRssMiB < 300 ? 'met' : 'not met'}); ` +
      `100 in a row ${hundred.peakRssMiB.toFixed(0)} MiB peak, RSS after the 1st ${hundred.rssAfterFirstMiB.toFixed(0)} MiB and after the 100th ${hundred.rssAfterLastMiB.toFixed(0)} MiB`,
  );
  console.log(
    '\n| pipeline (12 MP JPEG to 3 thumbnails + optimized) | median wall | vs floor | median CPU | vs floor |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const [name, value] of Object.entries(ms)) {
    console.log(
      `| ${name} | ${Math.round(value)} ms | ${(value / floor).toFixed(2)}x | ${Math.round(cpuMs[name]!)} ms | ${(cpuMs[name]! / cpuMs['floor: full-size q85 encode alone']!).toFixed(2)}x |`,
    );
  }
  console.log(
    '\n| allocator | 1 image: peak RSS (at start) | 100 in a row: peak RSS | RSS after 1st / 50th / 100th |',
  );
  console.log('| --- | --- | --- | --- |');
  for (const [name, one, hundred] of mem) {
    console.log(
      `| ${name} | ${f(one.peakRssMiB)} MiB (${f(one.startRssMiB)}) | ${f(hundred.peakRssMiB)} MiB | ${f(hundred.rssAfterFirstMiB)} / ${f(hundred.rssAfterHalfMiB)} / ${f(hundred.rssAfterLastMiB)} MiB |`,
    );
  }
  const one = mem[0]![1];
  console.log(`peak RSS for 1 image < 300 MiB: ${one.peakRssMiB < 300 ? 'met' : 'not met'}`);
} finally {
  dir.remove();
}
