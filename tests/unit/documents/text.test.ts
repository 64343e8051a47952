import { describe, expect, it } from 'vitest';
import { DocumentError, parseDocument } from '@/lib/documents';

const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const units = [...(bom ? '\uFEFF' : ''), ...text].flatMap((char) => {
    const out: number[] = [];
    for (let i = 0; i < char.length; i++) out.push(char.charCodeAt(i));
    return out;
  });
  const bytes = new Uint8Array(units.length * 2);
  units.forEach((unit, i) => {
    const [first, second] = endian === 'le' ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
    bytes[i * 2] = first;
    bytes[i * 2 + 1] = second;
  });
  return bytes;
}

const sample = 'Grüße aus Köln — “quoted” text.\nSecond line.';

describe('parseDocument on plain text', () => {
  it('reads UTF-8 without a byte order mark', async () => {
    const doc = await parseDocument(utf8(sample), 'notes.txt');
    expect(doc).toMatchObject({
      type: 'text',
      mediaType: 'text/plain; charset=utf-8',
      text: sample,
    });
    expect(doc.pages).toEqual([
      { number: 1, charStart: 0, charEnd: sample.length, reading: 'text' },
    ]);
    expect(doc.headings).toEqual([]);
  });

  it('drops a UTF-8 byte order mark', async () => {
    const doc = await parseDocument(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(sample)]), 'a.txt');
    expect(doc.text).toBe(sample);
  });

  it.each([
    ['le', true],
    ['be', true],
    ['le', false],
    ['be', false],
  ] as const)('reads UTF-16 %s (byte order mark: %s)', async (endian, bom) => {
    const doc = await parseDocument(utf16(sample, endian, bom), 'notes.txt');
    expect(doc.text).toBe(sample);
    expect(doc.mediaType).toBe(`text/plain; charset=utf-16${endian}`);
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', async () => {
    // “Grüße” as Windows-1252: curly quotes at 0x93/0x94, ü at 0xfc, ß at 0xdf.
    const bytes = new Uint8Array([0x93, 0x47, 0x72, 0xfc, 0xdf, 0x65, 0x94, 0x0a]);
    const doc = await parseDocument(bytes, 'old.txt');
    expect(doc.text).toBe('“Grüße”\n');
    expect(doc.mediaType).toBe('text/plain; charset=windows-1252');
  });

  it('keeps UTF-8 when only the last character was cut off', async () => {
    const bytes = utf8('Grüße, schöne Äpfel, 東京 €');
    const doc = await parseDocument(bytes.subarray(0, bytes.length - 1), 'cut.txt');
    expect(doc.text.startsWith('Grüße, schöne Äpfel, 東京 ')).toBe(true);
    expect(doc.mediaType).toBe('text/plain; charset=utf-8');
  });

  it('turns CRLF and CR line ends into LF', async () => {
    const doc = await parseDocument(utf8('one\r\ntwo\rthree\n'), 'a.txt');
    expect(doc.text).toBe('one\ntwo\nthree\n');
  });

  it('refuses an empty file', async () => {
    await expect(parseDocument(new Uint8Array(), 'a.txt')).rejects.toMatchObject({
      code: 'empty',
      message: 'This file is empty.',
    });
  });

  it('refuses a file of only blank space', async () => {
    const error = await parseDocument(utf8(' \n\t\r\n '), 'a.txt').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentError);
    expect(error).toMatchObject({ code: 'empty' });
  });
});
