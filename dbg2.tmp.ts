import { readFileSync } from 'node:fs';
import { passageUnits } from './lib/rag/builtin/sentences';
const items = JSON.parse(readFileSync('/tmp/ans/cache-pdfs.json', 'utf8')) as any[];
const it = items.find((i) => i.kind === process.argv[2]);
for (const [r, p] of it.passages.entries()) {
  const units = passageUnits({ n: r + 1, text: p.text }, r);
  console.log(`--- passage ${r + 1} ${p.documentName} p${p.pageStart}`);
  for (const u of units) if (new RegExp(process.argv[3]).test(u.text)) console.log(u.kind, JSON.stringify(u.text.slice(0, 300)));
}
