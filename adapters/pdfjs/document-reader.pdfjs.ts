import {
  EncryptedDocumentError,
  UnreadableDocumentError,
} from '../../domain/documents/document-errors';
import type { DocumentReader, OpenedDocument } from '../../ports/document-reader.port';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/**
 * pdfjs-dist (Mozilla's PDF.js, kept by the Firefox team) rather than unpdf: unpdf 1.x is a
 * wrapper around the same PDF.js whose releases need Node 22, and this code must also run on
 * Node 20 (pdfjs-dist 5.6 is the newest that does). The legacy build is the one for Node. Its
 * worker runs in-process: the worker module is imported here and handed over as
 * `globalThis.pdfjsWorker`, which PDF.js looks for before trying to load a worker file, so a
 * bundle (Lambda, Azure) needs no separate worker file at a path.
 */
let loaded: Promise<PdfJs> | undefined;
const pdfjs = (): Promise<PdfJs> => {
  loaded ??= (async () => {
    // PDF.js builds a DOMMatrix when its module loads. In Node it borrows one from
    // @napi-rs/canvas, a native optional dependency a function bundle does not carry; text
    // extraction never draws, so a plain-JS implementation (the kept @thednp/dommatrix) serves.
    if (!(globalThis as { DOMMatrix?: unknown }).DOMMatrix) {
      const { default: CSSMatrix } = await import('@thednp/dommatrix');
      (globalThis as { DOMMatrix?: unknown }).DOMMatrix = CSSMatrix;
    }
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return loaded;
};

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

export class PdfJsDocumentReader implements DocumentReader {
  async open(bytes: Uint8Array): Promise<OpenedDocument> {
    const lib = await pdfjs();
    // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    const task = lib.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: true,
      verbosity: 0,
    });
    let document: Awaited<typeof task.promise>;
    try {
      document = await task.promise;
    } catch (error) {
      await task.destroy();
      if ((error as Error).name === 'PasswordException') throw new EncryptedDocumentError();
      throw new UnreadableDocumentError((error as Error).message);
    }
    try {
      const { info } = (await document.getMetadata()) as unknown as {
        info: Record<string, unknown>;
      };
      const created =
        typeof info.CreationDate === 'string'
          ? lib.PDFDateString.toDateObject(info.CreationDate)
          : null;
      return {
        pages: document.numPages,
        title: text(info.Title),
        author: text(info.Author),
        createdAt: created && !Number.isNaN(created.getTime()) ? created.toISOString() : null,
        pageText: async (n) => {
          try {
            const page = await document.getPage(n);
            const content = await page.getTextContent();
            page.cleanup();
            return content.items
              .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
              .join('')
              .trim();
          } catch (error) {
            throw new UnreadableDocumentError(`page ${n}: ${(error as Error).message}`);
          }
        },
        close: () => document.destroy(),
      };
    } catch (error) {
      await document.destroy();
      throw new UnreadableDocumentError((error as Error).message);
    }
  }
}
