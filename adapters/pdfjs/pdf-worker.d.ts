/** PDF.js ships no types for its worker module; what it exports is only handed back to PDF.js. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
