import { execFile } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as make from '../support/image-fixtures';
import { scenarioPdf } from '../support/image-scenario';
import { tempDir } from '../support/temp-dir';

const run = promisify(execFile);

/** `npm run cli -- ...` as a user runs it: a real process, exit code and output. */
const cli = async (args: string[]) => {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'apps/cli/main.ts', ...args],
      {
        timeout: 60_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

describe('npm run cli -- images process / documents read', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    dir = tempDir('media-cli-');
    writeFileSync(join(dir.path, 'rotated.jpg'), await make.jpegWithExifAndGps());
    writeFileSync(join(dir.path, 'bomb.png'), make.pngBomb());
    writeFileSync(join(dir.path, 'report.pdf'), scenarioPdf());
  });
  afterAll(() => dir.remove());

  it('writes the four variants to --out and prints the record', async () => {
    const out = join(dir.path, 'out');
    const { code, stdout, stderr } = await cli([
      'images',
      'process',
      join(dir.path, 'rotated.jpg'),
      '--out',
      out,
    ]);
    expect(code, stderr).toBe(0);
    const record = JSON.parse(stdout);
    expect(record).toMatchObject({
      status: 'done',
      format: 'jpeg',
      width: 200,
      height: 300,
      orientation: 6,
    });
    expect(readdirSync(out).sort()).toEqual([
      'rotated_optimized.jpg',
      'rotated_thumbnail_150x150.jpg',
      'rotated_thumbnail_300x300.jpg',
      'rotated_thumbnail_800x600.jpg',
    ]);
    const thumb = await sharp(join(out, 'rotated_thumbnail_150x150.jpg')).metadata();
    expect([thumb.format, thumb.width, thumb.height, thumb.exif]).toEqual([
      'jpeg',
      100,
      150,
      undefined,
    ]);
  });

  it('exits 1 with the failure code for a decompression bomb, and 2 for bad arguments', async () => {
    const bomb = await cli([
      'images',
      'process',
      join(dir.path, 'bomb.png'),
      '--out',
      join(dir.path, 'o2'),
    ]);
    expect(bomb.code).toBe(1);
    expect(JSON.parse(bomb.stdout).failure.code).toBe('IMAGE.TOO_LARGE');
    expect((await cli(['images', 'resize', 'x.jpg'])).code).toBe(2);
  });

  it('prints the summary of a PDF', async () => {
    const { code, stdout, stderr } = await cli(['documents', 'read', join(dir.path, 'report.pdf')]);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'done',
      pages: 2,
      title: 'Report Q3',
      author: 'Ada Lovelace',
    });
  });
});
