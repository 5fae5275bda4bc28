// PDF.js ships no types for its worker module; load-pdfjs.ts imports it only for its effect
// (it sets globalThis.pdfjsWorker, which PDF.js then uses on this thread).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown
}
