import { crc32, deflateSync } from 'node:zlib';
import { encode as encodeBmp } from 'bmp-ts';
import sharp from 'sharp';

/*
 * The inputs of the images and documents scenario, made by the tests themselves: each is small,
 * and each stands for a case the issue names (EXIF orientation with GPS, alpha, GIF, BMP, a
 * decompression bomb, a truncated file, a text file named .jpg, a PDF).
 */

/** Red in the top-left quarter, blue elsewhere: where red ends up shows how it was turned. */
const quartered = (width: number, height: number) => {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const red = x < width / 2 && y < height / 2;
      data.set(red ? [220, 20, 20] : [20, 20, 220], (y * width + x) * 3);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
};

/**
 * Stored 300 wide and 200 high, with EXIF orientation 6 ("rotate 90° clockwise to view"), so
 * upright it is 200x300 with the red quarter top-right; and a GPS position that must not survive.
 */
export const jpegWithExifAndGps = (): Promise<Buffer> =>
  quartered(300, 200)
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'TestCam' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '59/1 54/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '10/1 45/1 0/1',
      },
    })
    .jpeg({ quality: 90 })
    .toBuffer();

/** 64x48, the left half fully transparent, the right half opaque green. */
export const pngWithAlpha = (): Promise<Buffer> => {
  const width = 64;
  const height = 48;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    const opaque = i % width >= width / 2;
    data.set(opaque ? [0, 200, 0, 255] : [0, 0, 0, 0], i * 4);
  }
  return sharp(data, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
};

export const gif = (): Promise<Buffer> => quartered(40, 30).gif().toBuffer();

/** 24-bit, 33x17 (odd sizes: BMP rows are padded to 4 bytes). */
export const bmp = (): Buffer => {
  const width = 33;
  const height = 17;
  // bmp-ts takes ABGR.
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i += 1) data.set([255, 30, 140, 200], i * 4);
  return encodeBmp({ width, height, data, bitPP: 24 }).data;
};

/** A photo-like JPEG: a gradient with noise, so it compresses as a photo does. */
export const photoLikeJpeg = async (width: number, height: number): Promise<Buffer> => {
  const data = Buffer.alloc(width * height * 3);
  let seed = 12345;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const noise = (seed >> 16) % 40;
      const at = (y * width + x) * 3;
      data[at] = ((x * 255) / width + noise) & 0xff;
      data[at + 1] = ((y * 255) / height + noise) & 0xff;
      data[at + 2] = (((x + y) * 127) / (width + height) + noise) & 0xff;
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
};

const pngChunk = (type: string, body: Buffer): Buffer => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
};

/**
 * A valid 1-bit greyscale PNG of `size` x `size` pixels, all black: a few dozen KiB on disk,
 * `size`² pixels decoded (20000: 400 megapixels).
 */
export const pngBomb = (size = 20_000): Buffer => {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, filter 0, no interlace
  const row = Buffer.alloc(1 + Math.ceil(size / 8));
  const rows = Buffer.alloc(row.length * size);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
};

/** A real JPEG cut after 60% of its bytes. */
export const truncatedJpeg = async (): Promise<Buffer> => {
  const whole = await photoLikeJpeg(256, 256);
  return whole.subarray(0, Math.floor(whole.length * 0.6));
};

export const textNamedJpg = (): Buffer =>
  Buffer.from('This is a shopping list, not a photo.\nmilk\neggs\n', 'utf8');

const pdfString = (text: string) => `(${text.replace(/[()\\]/g, (c) => `\\${c}`)})`;

/**
 * A minimal PDF 1.4 with `pages` pages, each showing one line of text, and an Info dictionary:
 * the cross-reference table has the exact byte offset of every object, as readers expect.
 */
export const pdf = (options: {
  pages: string[];
  title?: string;
  author?: string;
  created?: string;
}): Buffer => {
  const objects: string[] = [];
  const add = (body: string) => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesId = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const kids = options.pages.map((text) => {
    // One line of up to 60 characters per text line, as a page of prose would be laid out.
    const lines = text.match(/.{1,60}/g) ?? [''];
    const stream = `BT /F1 10 Tf 12 TL 72 720 Td ${lines.map((line) => `${pdfString(line)} Tj T*`).join(' ')} ET`;
    const content = add(`<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`);
    return add(
      `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 612 792] /Contents ${content} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> >>`,
    );
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
  objects[pagesId - 1] =
    `<< /Type /Pages /Kids [${kids.map((id) => `${id} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const info = add(
    `<< ${options.title ? `/Title ${pdfString(options.title)} ` : ''}${options.author ? `/Author ${pdfString(options.author)} ` : ''}${options.created ? `/CreationDate ${pdfString(options.created)} ` : ''}>>`,
  );
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
};

/** A PDF whose trailer names an Encrypt dictionary (RC4, revision 2): readers ask for a password. */
export const encryptedPdf = (): Buffer => {
  const plain = pdf({ pages: ['secret'] }).toString('latin1');
  const encrypt = `<< /Filter /Standard /V 1 /R 2 /O <${'a'.repeat(64)}> /U <${'b'.repeat(64)}> /P -4 >>`;
  return Buffer.from(
    plain.replace(
      '/Root 1 0 R',
      `/Root 1 0 R /Encrypt ${encrypt} /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]`,
    ),
    'latin1',
  );
};

/** Whether EXIF data (as sharp's metadata gives it, "Exif\0\0" + TIFF) has a GPS IFD in IFD0. */
export const hasGpsIfd = (exif: Buffer | undefined): boolean => {
  if (!exif) return false;
  const tiff = exif.subarray(6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  for (let i = 0; i < u16(ifd); i += 1) if (u16(ifd + 2 + i * 12) === 0x8825) return true;
  return false;
};
