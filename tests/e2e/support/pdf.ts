/**
 * A small real PDF, written byte by byte: one page per entry, each line a text object in
 * Helvetica, so pdf.js on the server extracts it and pdf.js in the browser draws it.
 */
export function makePdf(pages: string[]): Buffer {
  const escapeText = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const wrap = (text: string) => text.match(/.{1,68}(\s|$)/g)?.map((l) => l.trim()) ?? [];
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) + 2; // object numbers start after the catalog
  const pageIds: number[] = [];
  const fontId = 3;
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  for (const text of pages) {
    const lines = wrap(text)
      .map((l) => `(${escapeText(l)}) Tj T*`)
      .join('\n');
    const stream = `BT /F1 12 Tf 16 TL 72 740 Td\n${lines}\nET`;
    const contentId = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    pageIds.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${fontId} 0 R >> >> /Contents ${contentId} 0 R >>`,
      ),
    );
  }
  const all = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`,
    ...objects,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  all.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${all.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${all.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
