// The baseline of bench:ingest: pdf.js alone extracting the text of every page, in plain Node
// (no loader in the way). Prints one JSON line per file: { file, pages, characters, ms }.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
globalThis.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');

for (const file of process.argv.slice(2)) {
  const began = performance.now();
  const pdf = await pdfjs.getDocument({
    data: new Uint8Array(fs.readFileSync(file)),
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  let characters = 0;
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    for (const item of content.items) characters += 'str' in item ? item.str.length : 0;
    page.cleanup();
  }
  const pages = pdf.numPages;
  await pdf.destroy();
  console.log(
    JSON.stringify({ file, pages, characters, ms: Math.round(performance.now() - began) }),
  );
}
