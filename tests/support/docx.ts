import { zipSync } from 'fflate';

const encode = (text: string) => new TextEncoder().encode(text);

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

const RELATIONSHIPS = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/** A paragraph, optionally in a Word style such as Heading1 or Title. */
export const paragraph = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

export const table = (rows: string[][]) =>
  `<w:tbl>${rows.map((row) => `<w:tr>${row.map((cell) => `<w:tc>${paragraph(cell)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`;

/** The parts of a minimal Word document whose body is the given WordprocessingML. */
export function docxParts(body: string): Record<string, Uint8Array> {
  return {
    '[Content_Types].xml': encode(CONTENT_TYPES),
    '_rels/.rels': encode(RELATIONSHIPS),
    'word/document.xml': encode(
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    ),
  };
}

export function buildDocx(body: string): Uint8Array {
  return zipSync(docxParts(body));
}

/**
 * A Word document of ledger entries whose text unpacks to about `megabytes` MB: well inside the
 * archive limits (it packs about 30 to 1, as text does), yet far more than a reader's memory
 * can hold once a library turns it into a document tree.
 */
export function buildLongDocx(megabytes: number): Uint8Array {
  const words = ['harbour', 'lantern', 'granite', 'keeper', 'tide', 'gull', 'ferry', 'orchard'];
  const entries: string[] = [];
  let size = 0;
  for (let n = 0; size < megabytes * 1024 * 1024; n++) {
    const entry = paragraph(
      `Entry ${n} of the harbour master's log: the ${words[n % 8]} and the ${words[(n * 7) % 8]} at ${n % 24} o'clock.`,
    );
    entries.push(entry);
    size += entry.length;
  }
  return buildDocx(entries.join(''));
}
