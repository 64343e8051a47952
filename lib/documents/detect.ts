import { decodeBytes, encodingFromBom, sniffEncoding, sniffUtf16 } from './decode';
import type { DocumentType, ImageFormat } from './types';

const PREFIX_BYTES = 64 * 1024;

/**
 * The document type from the bytes: magic numbers for PDF, RTF, ZIP and pictures, the parts
 * inside a ZIP for Office documents (OpenDocument and EPUB name their type in a first entry
 * stored as is), and sniffing for text. The file name only settles what the bytes leave open:
 * whether a text is CSV, Markdown or plain, or whether a fragment with a tag or two is an HTML
 * page. Null when Folio cannot read the file (see `describeUnsupported`).
 */
export function detectDocumentType(bytes: Uint8Array, fileName: string): DocumentType | null {
  if (bytes.length === 0) return null;
  if (isPdf(bytes)) return 'pdf';
  if (isZip(bytes)) return zipType(bytes);
  if (imageFormat(bytes)) return 'image';
  if (startsWith(bytes, '{\\rtf')) return 'rtf';
  if (isBinary(bytes)) return null;
  return textType(textPrefix(bytes), extensionOf(fileName));
}

const FORMATS_READ =
  'Folio reads PDF; Word, PowerPoint and Excel files; OpenDocument text, presentations and spreadsheets; EPUB, RTF, CSV, HTML, Markdown and text files; and pictures (PNG, JPEG, TIFF, WebP).';

/** Why a file whose type is null cannot be read, in words for the person who uploaded it. */
export function describeUnsupported(bytes: Uint8Array, fileName: string): string {
  const name = fileName || 'This file';
  if (isZip(bytes)) return `${name} is a ZIP archive but not a document. ${FORMATS_READ}`;
  if (startsWith(bytes, '\xd0\xcf\x11\xe0')) {
    // Office encrypts a .docx, .xlsx or .pptx by wrapping it in the older container format.
    if (indexOfAscii(bytes, 'E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o') >= 0) {
      return `${name} is password-protected. Remove the password (in Office: File, Info, Protect) and upload it again.`;
    }
    return `${name} is an older Office file (.doc, .xls or .ppt); save it as .docx, .xlsx, .pptx or PDF and upload that.`;
  }
  return `${name} is not a file type Folio can read. ${FORMATS_READ}`;
}

/** The picture format from its magic number, or null. */
export function imageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, '\x89PNG\r\n\x1a\n')) return 'png';
  if (startsWith(bytes, '\xff\xd8\xff')) return 'jpeg';
  if (startsWith(bytes, 'II*\0') || startsWith(bytes, 'MM\0*')) return 'tiff';
  if (startsWith(bytes, 'RIFF') && startsWith(bytes.subarray(8), 'WEBP')) return 'webp';
  return null;
}

/**
 * PDF readers accept the header anywhere in the first kilobyte, after junk such as a BOM. A
 * signature names the type only where nothing before it reads as words, though: a page of HTML
 * or text that mentions "%PDF-" near its top is still a page of text.
 */
function isPdf(bytes: Uint8Array): boolean {
  const at = indexOfAscii(bytes.subarray(0, 1024), '%PDF-');
  return at >= 0 && !/[a-z]/i.test(Buffer.from(bytes.subarray(0, at)).toString('latin1'));
}

function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, 'PK\x03\x04') || startsWith(bytes, 'PK\x05\x06');
}

/**
 * An Office Open XML document is a ZIP holding its main part (word/document.xml,
 * ppt/presentation.xml, xl/workbook.xml). Entry names are stored uncompressed, in the local
 * headers and again in the central directory, so this holds for damaged archives too (which
 * then fail to parse as corrupt rather than as an unknown type). OpenDocument and EPUB files
 * begin with an uncompressed `mimetype` entry that names their type.
 */
function zipType(bytes: Uint8Array): DocumentType | null {
  const head = bytes.subarray(0, 1024);
  if (indexOfAscii(head, 'application/epub+zip') >= 0) return 'epub';
  if (indexOfAscii(head, 'application/vnd.oasis.opendocument.text') >= 0) return 'odt';
  if (indexOfAscii(head, 'application/vnd.oasis.opendocument.presentation') >= 0) return 'odp';
  if (indexOfAscii(head, 'application/vnd.oasis.opendocument.spreadsheet') >= 0) return 'ods';
  if (indexOfAscii(bytes, 'word/document.xml') >= 0) return 'docx';
  if (indexOfAscii(bytes, 'ppt/presentation.xml') >= 0) return 'pptx';
  if (indexOfAscii(bytes, 'xl/workbook.xml') >= 0) return 'xlsx';
  return null;
}

/** NULs outside UTF-16, or many control characters, mean binary data rather than text. */
function isBinary(bytes: Uint8Array): boolean {
  if (encodingFromBom(bytes) || sniffUtf16(bytes)) return false;
  const sample = bytes.subarray(0, 8192);
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) {
      controls++;
    }
  }
  return controls > sample.length * 0.1;
}

function textPrefix(bytes: Uint8Array): string {
  const prefix = bytes.subarray(0, PREFIX_BYTES);
  return decodeBytes(prefix, sniffEncoding(prefix));
}

const HTML_DOCUMENT =
  /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i;
/** The WHATWG MIME sniffing patterns for HTML, plus common block tags. */
const HTML_FRAGMENT =
  /^\s*<(?:!--|script|iframe|h[1-6]|div|font|table|a|style|title|b|body|br|p|meta|link|section|article|main|ul|ol)[\s>/]/i;
const MARKDOWN_SIGNS = [
  /^ {0,3}#{1,6}[ \t]+\S/m,
  /^ {0,3}(?:```|~~~)/m,
  /\[[^\]\n]+\]\([^)\s]+\)/,
  /^\S.*\n {0,3}(?:=+|-+)[ \t]*$/m,
  /^\|?[ \t]*:?-{3,}:?[ \t]*\|/m,
];

const MARKDOWN_EXTENSIONS = new Set(['md', 'markdown', 'mdown', 'mkd', 'mkdn', 'mdx']);
const CSV_EXTENSIONS = new Set(['csv', 'tsv']);
const HTML_EXTENSIONS = new Set(['html', 'htm', 'xhtml', 'shtml']);

function textType(prefix: string, extension: string): DocumentType {
  if (HTML_DOCUMENT.test(prefix)) return 'html';
  if (HTML_EXTENSIONS.has(extension) && /<[a-z!]/i.test(prefix)) return 'html';
  if (MARKDOWN_EXTENSIONS.has(extension)) return 'markdown';
  if (CSV_EXTENSIONS.has(extension)) return 'csv';
  if (extension === 'txt' || extension === 'text') return 'text';
  if (HTML_FRAGMENT.test(prefix)) return 'html';
  return MARKDOWN_SIGNS.some((sign) => sign.test(prefix)) ? 'markdown' : 'text';
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

function startsWith(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

function indexOfAscii(bytes: Uint8Array, ascii: string): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(ascii, 0, 'latin1');
}
