import mammoth from 'mammoth';
import { DocumentError } from '../errors';
import { htmlToText } from '../html-text';
import type { ParsedDocument } from '../types';
import { assertSafeZip } from '../zip';
import { unpaginated } from './text';

const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Word's title styles, by style id and by name, beside the Heading 1–6 styles mammoth already
 * maps to h1–h6.
 */
const STYLE_MAP = [
  'p.Title => h1:fresh',
  "p[style-name='Title'] => h1:fresh",
  'p.Subtitle => h2:fresh',
  "p[style-name='Subtitle'] => h2:fresh",
];

/**
 * Word documents go through mammoth to semantic HTML (Word heading styles become h1–h6) and
 * from there to text, after the archive has been checked not to be a zip bomb.
 */
export async function parseDocx(bytes: Uint8Array): Promise<ParsedDocument> {
  assertSafeZip(bytes);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        // Images carry no searchable text; skip reading them at all.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
  } catch (error) {
    throw new DocumentError('corrupt', 'This Word document is damaged and cannot be read.', {
      cause: error,
    });
  }
  const { text, headings } = htmlToText(html);
  if (text.trim() === '') {
    throw new DocumentError('no-text', 'This Word document has no text in it.');
  }
  return unpaginated({ type: 'docx', mediaType: DOCX_MEDIA_TYPE, text, headings });
}
