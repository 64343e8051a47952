/**
 * npm run bench:ingest — how fast Folio reads the text PDFs of ../shared/data/pdfs through the
 * real server (upload to ready: parse, chunk, index), beside pdf.js alone extracting the same
 * text in the same run; and, while the server reads the 619-page PDF, the p99 delay of its event
 * loop (target under 50 ms) and its peak resident memory (target under 600 MB). Last, a Word
 * file inside every archive limit whose text needs more memory than a reader is given
 * (FOLIO_READER_MEMORY_MB), read by a fresh server, as OCR of the scanned pages before it raises
 * the first server's high-water mark: it must fail with the reader's message while that server's
 * peak memory stays under the same 600 MB.
 *
 * Needs a production build (npm run build).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../lib/config';
import { buildLongDocx } from '../tests/support/docx';
import { startFolio } from '../tests/support/server';

const root = path.resolve(import.meta.dirname, '..');
const pdfDir = path.resolve(root, '../shared/data/pdfs');
if (!fs.existsSync(pdfDir)) {
  console.log(`bench:ingest needs ${pdfDir} (the shared data beside the repo); it is not there.`);
  process.exit(0);
}

// The 619-page file first, so the server's peak memory is the peak while reading it.
const large = 'large_unstructured_DA-619p.pdf';
const files = [
  large,
  ...fs
    .readdirSync(pdfDir)
    .filter((f) => f.startsWith('text_'))
    .sort(),
].map((f) => path.join(pdfDir, f));

console.log(
  `bench:ingest — ${files.length} text PDFs, load average ${os.loadavg()[0].toFixed(2)}\n`,
);

// Baseline: pdf.js alone, in plain Node.
const alone = new Map<string, number>();
const output = execFileSync(
  process.execPath,
  [path.join(root, 'bench/lib/pdfjs-alone.mjs'), ...files],
  {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  },
);
for (const line of output.trim().split('\n')) {
  const { file, ms } = JSON.parse(line) as { file: string; ms: number };
  alone.set(file, ms);
}

const loopReport = path.join(os.tmpdir(), `folio-loop-${process.pid}.json`);
const startServer = () =>
  startFolio({
    env: {
      FOLIO_MAX_UPLOAD_MB: '50',
      FOLIO_LOOP_REPORT: loopReport,
      NODE_OPTIONS: `--import ${path.join(root, 'bench/lib/loop-monitor.mjs')}`,
    },
  });
let folio = await startServer();

async function stopServer() {
  await folio.stop();
  fs.rmSync(folio.dataDir, { recursive: true, force: true });
}

/** Signals the server's loop monitor and reads what it wrote: figures since the last signal. */
async function loopDelay(): Promise<{ p50: number; p99: number; max: number }> {
  fs.rmSync(loopReport, { force: true });
  folio.process.kill('SIGUSR2');
  for (let i = 0; i < 100 && !fs.existsSync(loopReport); i++)
    await new Promise((r) => setTimeout(r, 20));
  return JSON.parse(fs.readFileSync(loopReport, 'utf8'));
}

function peakResidentMb(): number {
  const status = fs.readFileSync(`/proc/${folio.process.pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024);
}

interface Row {
  name: string;
  pages: number;
  passages: number;
  seconds: number;
  aloneSeconds: number;
}
interface ReadDocument {
  status: string;
  pages: number;
  chunks: number;
  error?: string;
}

/** Uploads one file and waits until it is read; returns the document and the seconds it took. */
async function read(name: string, bytes: Uint8Array<ArrayBuffer>) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const began = performance.now();
  const res = await fetch(`${folio.url}/api/documents`, { method: 'POST', body: form });
  const [{ id }] = ((await res.json()) as { documents: Array<{ id: string }> }).documents;
  let doc: ReadDocument;
  for (;;) {
    doc = await (await fetch(`${folio.url}/api/documents/${id}`)).json();
    if (doc.status !== 'processing') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { doc, seconds: (performance.now() - began) / 1000 };
}

const rows: Row[] = [];
let duringLarge: { p50: number; p99: number; max: number } | undefined;
let peakMb = 0;
const ceilingMb = parseConfig(process.env).readerLimits.memoryMb;
const bomb = { name: 'harbour-log.docx', bytes: buildLongDocx(150) };
let allFilesPeakMb = 0;
let bombRead: { doc: ReadDocument; seconds: number; peakBeforeMb: number; peakMb: number };

try {
  for (const file of files) {
    const name = path.basename(file);
    if (name === large) await loopDelay(); // start the count for this file
    const { doc, seconds } = await read(name, new Uint8Array(fs.readFileSync(file)));
    if (doc.status !== 'ready') throw new Error(`${name} did not become ready: ${doc.error}`);
    if (name === large) {
      duringLarge = await loopDelay();
      peakMb = peakResidentMb();
    }
    rows.push({
      name,
      pages: doc.pages,
      passages: doc.chunks,
      seconds,
      aloneSeconds: alone.get(file)! / 1000,
    });
  }
  allFilesPeakMb = peakResidentMb();
  await stopServer();
  folio = await startServer();
  const peakBeforeMb = peakResidentMb();
  bombRead = { ...(await read(bomb.name, new Uint8Array(bomb.bytes))), peakBeforeMb, peakMb: 0 };
  bombRead.peakMb = peakResidentMb();
} finally {
  await stopServer();
}

const pad = (v: string | number, n: number) => String(v).padStart(n);
console.log(
  `${'file'.padEnd(52)}${pad('pages', 6)}${pad('passages', 9)}${pad('Folio s', 9)}${pad('pages/s', 9)}${pad('passages/s', 11)}${pad('pdf.js alone s', 15)}`,
);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(52)}${pad(r.pages, 6)}${pad(r.passages, 9)}${pad(r.seconds.toFixed(2), 9)}${pad((r.pages / r.seconds).toFixed(1), 9)}${pad((r.passages / r.seconds).toFixed(1), 11)}${pad(r.aloneSeconds.toFixed(2), 15)}`,
  );
}
const total = rows.reduce(
  (t, r) => ({
    pages: t.pages + r.pages,
    passages: t.passages + r.passages,
    seconds: t.seconds + r.seconds,
    alone: t.alone + r.aloneSeconds,
  }),
  { pages: 0, passages: 0, seconds: 0, alone: 0 },
);
console.log(
  `${'all'.padEnd(52)}${pad(total.pages, 6)}${pad(total.passages, 9)}${pad(total.seconds.toFixed(2), 9)}${pad((total.pages / total.seconds).toFixed(1), 9)}${pad((total.passages / total.seconds).toFixed(1), 11)}${pad(total.alone.toFixed(2), 15)}`,
);
console.log(
  `\nFolio takes ${(total.seconds / total.alone).toFixed(2)}× the time pdf.js alone takes to extract the same text.`,
);
console.log(`\nWhile the server read ${large}:`);
console.log(
  `  event-loop delay p99 ${duringLarge!.p99} ms (p50 ${duringLarge!.p50}, max ${duringLarge!.max})   target: under 50 ms   ${duringLarge!.p99 < 50 ? 'met' : 'MISSED'}`,
);
console.log(
  `  peak resident memory ${peakMb} MB   target: under 600 MB   ${peakMb < 600 ? 'met' : 'MISSED'}`,
);
console.log(
  `Peak resident memory after every file, OCR of the scanned pages included: ${allFilesPeakMb} MB`,
);

const unpackedMb = 150;
console.log(
  `\nA reader may take ${ceilingMb} MB (FOLIO_READER_MEMORY_MB). ${bomb.name}, read by a fresh server: ${(bomb.bytes.length / 1024 / 1024).toFixed(1)} MB packed, about ${unpackedMb} MB of text unpacked:`,
);
const failedAsItShould =
  bombRead!.doc.status === 'failed' &&
  bombRead!.doc.error?.includes(`more memory than Folio allows a reader (${ceilingMb} MB)`);
console.log(
  `  ${bombRead!.doc.status} after ${bombRead!.seconds.toFixed(1)} s: ${bombRead!.doc.error ?? '(no error)'}   ${failedAsItShould ? 'as it should' : 'NOT the memory limit'}`,
);
console.log(
  `  peak resident memory ${bombRead!.peakMb} MB (${bombRead!.peakBeforeMb} MB before it)   target: under 600 MB   ${bombRead!.peakMb < 600 ? 'met' : 'MISSED'}`,
);
