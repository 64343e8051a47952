import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { GrayImage } from '@/lib/documents/types';

/** A line of text placed on a page, in PDF user space (origin bottom left, 612 × 792). */
export interface PdfLine {
  text: string;
  x: number;
  y: number;
  size?: number;
}

export interface PdfSpec {
  /** Each page's lines, in the order the content stream draws them. */
  pages: PdfLine[][];
  title?: string;
  /** Bookmarks: a title and the 1-based page it points to. */
  outline?: Array<{ title: string; page: number }>;
  /** Standard security handler (RC4, 40 bit); an empty user password opens without asking. */
  encrypt?: { userPassword: string; ownerPassword: string };
  /** Drawing only, no text, on every page. */
  graphicsOnly?: boolean;
  /** Page size in points; 612 × 792 (US Letter) when not given. */
  size?: { width: number; height: number };
  /**
   * A grey picture covering the page, beneath its lines, as a scanner makes pages; the page
   * takes the picture's size at its resolution (300 dpi when it has none).
   */
  pictures?: Array<GrayImage | undefined>;
  /** A page tree that lists the first page this many times over, as a hostile file may. */
  repeatFirstPage?: number;
}

const PADDING = Buffer.from(
  '28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a',
  'hex',
);
const FILE_ID = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
const PERMISSIONS = -4;

/** Builds a small, valid PDF with correct cross-reference offsets. */
export function buildPdf(spec: PdfSpec): Uint8Array {
  const pageCount = spec.pages.length;
  const firstPage = 4;
  const pageRef = (number: number) => `${firstPage + (number - 1) * 2} 0 R`;
  const outlineStart = firstPage + pageCount * 2;
  const infoObject = outlineStart + (spec.outline ? spec.outline.length + 1 : 0);
  const encryptObject = infoObject + 1;
  const pictureObject = (index: number) => encryptObject + 1 + index;
  const fileKey = spec.encrypt ? encryptionKey(spec.encrypt) : null;
  if (fileKey && spec.pictures) throw new Error('buildPdf encrypts no pictures.');

  const objects: Array<string | Buffer> = [];
  objects[1] = `<< /Type /Catalog /Pages 2 0 R${spec.outline ? ` /Outlines ${outlineStart} 0 R` : ''} >>`;
  const kids = spec.repeatFirstPage
    ? Array<string>(spec.repeatFirstPage).fill(pageRef(1))
    : spec.pages.map((_, i) => pageRef(i + 1));
  objects[2] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${kids.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  spec.pages.forEach((lines, i) => {
    const pageObject = firstPage + i * 2;
    const picture = spec.pictures?.[i];
    const scale = picture ? 72 / (picture.dpi ?? 300) : 1;
    const width = picture ? picture.width * scale : (spec.size?.width ?? 612);
    const height = picture ? picture.height * scale : (spec.size?.height ?? 792);
    const pictureResource = picture ? ` /XObject << /P0 ${pictureObject(i)} 0 R >>` : '';
    objects[pageObject] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 3 0 R >>${pictureResource} >> /Contents ${pageObject + 1} 0 R >>`;
    if (picture) {
      const pixels = deflateSync(picture.pixels);
      objects[pictureObject(i)] = Buffer.concat([
        Buffer.from(
          `<< /Type /XObject /Subtype /Image /Width ${picture.width} /Height ${picture.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${pixels.length} >>\nstream\n`,
        ),
        pixels,
        Buffer.from('\nendstream'),
      ]);
    }
    const drawing = spec.graphicsOnly ? ['0.5 g 72 72 200 200 re f'] : lines.map(drawLine);
    if (picture) drawing.unshift(`q ${width} 0 0 ${height} 0 0 cm /P0 Do Q`);
    const content = Buffer.from(drawing.join('\n'), 'latin1');
    const data = fileKey ? rc4(objectKey(fileKey, pageObject + 1), content) : content;
    objects[pageObject + 1] = Buffer.concat([
      Buffer.from(`<< /Length ${data.length} >>\nstream\n`),
      data,
      Buffer.from('\nendstream'),
    ]);
  });
  if (spec.outline) {
    const items = spec.outline;
    objects[outlineStart] =
      `<< /Type /Outlines /First ${outlineStart + 1} 0 R /Last ${outlineStart + items.length} 0 R /Count ${items.length} >>`;
    items.forEach((item, i) => {
      const self = outlineStart + 1 + i;
      const links = [
        i > 0 ? `/Prev ${self - 1} 0 R` : '',
        i < items.length - 1 ? `/Next ${self + 1} 0 R` : '',
      ].join(' ');
      objects[self] =
        `<< /Title (${escapeString(item.title)}) /Parent ${outlineStart} 0 R ${links} /Dest [${pageRef(item.page)} /XYZ 0 792 0] >>`;
    });
  }
  objects[infoObject] =
    `<< /Producer (Folio tests)${spec.title ? ` /Title (${escapeString(spec.title)})` : ''} >>`;
  if (spec.encrypt) {
    const { owner, user } = passwordEntries(spec.encrypt);
    objects[encryptObject] =
      `<< /Filter /Standard /V 1 /R 2 /O <${owner.toString('hex')}> /U <${user.toString('hex')}> /P ${PERMISSIONS} >>`;
  }
  if (fileKey) {
    // Strings are encrypted too; the Info dictionary is the only place with any.
    objects[infoObject] = '<< >>';
  }

  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets: number[] = [];
  for (let number = 1; number < objects.length; number++) {
    offsets[number] = length;
    // An unused number (no encryption dictionary before the pictures) is an empty object.
    const body = objects[number] ?? 'null';
    const part = Buffer.concat([
      Buffer.from(`${number} 0 obj\n`),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n'),
    ]);
    parts.push(part);
    length += part.length;
  }
  const xref = [
    'xref',
    `0 ${objects.length}`,
    '0000000000 65535 f ',
    ...offsets.slice(1).map((offset) => `${String(offset).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length} /Root 1 0 R /Info ${infoObject} 0 R${spec.encrypt ? ` /Encrypt ${encryptObject} 0 R` : ''} /ID [<${FILE_ID.toString('hex')}> <${FILE_ID.toString('hex')}>] >>`,
    'startxref',
    String(length),
    '%%EOF\n',
  ].join('\n');
  parts.push(Buffer.from(xref, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

function drawLine(line: PdfLine): string {
  return `BT /F1 ${line.size ?? 10} Tf ${line.x} ${line.y} Td (${escapeString(line.text)}) Tj ET`;
}

function escapeString(text: string): string {
  return text.replace(/[\\()]/g, (char) => `\\${char}`);
}

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();
const padded = (password: string) =>
  Buffer.concat([Buffer.from(password, 'latin1'), PADDING]).subarray(0, 32);

/** Algorithms 3.2–3.4 of the PDF 1.4 reference, revision 2. */
function passwordEntries(passwords: { userPassword: string; ownerPassword: string }) {
  const owner = rc4(
    md5(padded(passwords.ownerPassword)).subarray(0, 5),
    padded(passwords.userPassword),
  );
  const user = rc4(fileKeyFrom(passwords.userPassword, owner), PADDING);
  return { owner, user };
}

function encryptionKey(passwords: { userPassword: string; ownerPassword: string }): Buffer {
  return fileKeyFrom(passwords.userPassword, passwordEntries(passwords).owner);
}

function fileKeyFrom(userPassword: string, owner: Buffer): Buffer {
  const permissions = Buffer.alloc(4);
  permissions.writeInt32LE(PERMISSIONS);
  return md5(padded(userPassword), owner, permissions, FILE_ID).subarray(0, 5);
}

function objectKey(fileKey: Buffer, objectNumber: number): Buffer {
  const suffix = Buffer.from([
    objectNumber & 0xff,
    (objectNumber >> 8) & 0xff,
    (objectNumber >> 16) & 0xff,
    0,
    0,
  ]);
  return md5(fileKey, suffix).subarray(0, 10);
}

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
    out[n] = data[n] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}

/**
 * A PDF of `pageCount` full pages about a quarry's ledger: long enough that reading it takes
 * seconds, for tests that need a document still being read.
 */
export function buildQuarryLedgerPdf(pageCount: number): Uint8Array<ArrayBuffer> {
  const pages = Array.from({ length: pageCount }, (_, p) =>
    Array.from({ length: 30 }, (_, line) => ({
      text: `Page ${p + 1} line ${line + 1}: the quarry ledger records granite blocks.`,
      x: 72,
      y: 760 - line * 22,
    })),
  );
  return new Uint8Array(buildPdf({ pages }));
}
