/** What tests of document readers share: a PDF that takes long to read, and readers' CPU use. */
import fs from 'node:fs';
import { buildPdf } from './pdf';

/** A page of ledger lines: pdf.js takes a few milliseconds over each copy of it. */
const ledgerPage = Array.from({ length: 40 }, (_, i) => ({
  text: `Line ${i + 1} of the ledger, with words enough to fill it across the page.`,
  x: 72,
  y: 760 - i * 18,
}));

/** A small PDF whose page tree lists one ledger page `count` times: long to read. */
export const repeatedPages = (count: number) =>
  new Uint8Array(buildPdf({ pages: [ledgerPage], repeatFirstPage: count }));

/** Processor time, in clock ticks, that a server's document-reader threads have used. */
export function readerTicks(pid: number): number {
  const tasks = `/proc/${pid}/task`;
  let ticks = 0;
  for (const task of fs.readdirSync(tasks)) {
    try {
      if (fs.readFileSync(`${tasks}/${task}/comm`, 'utf8').trim() !== 'doc-reader') continue;
      // Fields after the parenthesised name: utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`${tasks}/${task}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the thread ended while it was read
    }
  }
  return ticks;
}
