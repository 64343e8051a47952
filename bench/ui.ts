/**
 * npm run bench:ui — the first-load JavaScript of the chat page, gzipped, beside the 250 KB
 * budget. Next 16 no longer prints per-route sizes after `next build`, so this measures what a
 * browser actually fetches first: the built app is started, a chat page is served, and every
 * script its HTML loads (the module scripts, not the nomodule polyfills) is fetched and gzipped
 * at level 9, as next build used to count it. Then, in Chromium, the main-thread tasks over
 * 50 ms while a 2,000-token answer streams (target: none). Needs `npm run build` first.
 */
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { startFolio } from '../tests/support/server';
import { measureStreamingLongTasks } from './lib/streaming-long-tasks';

const budgetKb = 250;

const folio = await startFolio();
try {
  const chat = (await (
    await fetch(`${folio.url}/api/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'bench' }),
    })
  ).json()) as { id: string };
  const html = await (await fetch(`${folio.url}/chats/${chat.id}`)).text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)]
    .map((m) => m[1])
    .filter((attrs) => !/\bnoModule\b/i.test(attrs))
    .map((attrs) => /\bsrc="([^"]+)"/.exec(attrs)?.[1])
    .filter((src): src is string => Boolean(src));
  const unique = [...new Set(scripts)];
  let raw = 0;
  let gzipped = 0;
  const rows: Array<[string, number]> = [];
  for (const src of unique) {
    const body = Buffer.from(await (await fetch(new URL(src, folio.url))).arrayBuffer());
    const size = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gzipped += size;
    rows.push([src, size]);
  }
  // Inline scripts (the RSC payload) are part of the HTML document, not of the JS count.
  rows.sort((a, b) => b[1] - a[1]);
  for (const [src, size] of rows) console.log(`${(size / 1024).toFixed(1).padStart(7)} KB  ${src}`);
  const kb = gzipped / 1024;
  console.log(
    `\nchat page first-load JS: ${kb.toFixed(1)} KB gzipped (${(raw / 1024).toFixed(0)} KB raw) in ${unique.length} scripts; budget ${budgetKb} KB: ${kb <= budgetKb ? 'within' : 'OVER'}`,
  );
  if (kb > budgetKb) process.exitCode = 1;
} finally {
  await folio.stop();
}

const streaming = await measureStreamingLongTasks();
console.log(
  `\nwhile a ${streaming.answerCharacters}-character answer streamed for ${streaming.streamedForMs} ms (load ${os.loadavg()[0].toFixed(2)}): ` +
    `${streaming.longTasksOver50ms} main-thread tasks over 50 ms, longest ${streaming.longestTaskMs} ms; target: none: ${streaming.longTasksOver50ms === 0 ? 'met' : 'MISSED'}`,
);
if (streaming.longTasksOver50ms > 0) process.exitCode = 1;
