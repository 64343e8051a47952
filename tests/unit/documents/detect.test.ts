import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectDocumentType, parseDocument } from '@/lib/documents';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('detectDocumentType', () => {
  it('knows a PDF by its header, whatever the name says', () => {
    expect(detectDocumentType(utf8('%PDF-1.7\n%âãÏÓ\n'), 'notes.txt')).toBe('pdf');
  });

  it('finds the PDF header after leading junk, but not after words that mention it', () => {
    const junk = new Uint8Array([0xef, 0xbb, 0xbf, 0x0d, 0x0a, 0x00, 0x17]);
    expect(detectDocumentType(new Uint8Array([...junk, ...utf8('%PDF-1.4\n')]), 'a.pdf')).toBe(
      'pdf',
    );
    const page = '<!DOCTYPE html><html><body><p>Files start with %PDF-1.7, then objects.</p>';
    expect(detectDocumentType(utf8(page), 'about-pdf.html')).toBe('html');
    expect(detectDocumentType(utf8('Notes\n%PDF-1.4 is the header.\n'), 'notes.txt')).toBe('text');
  });

  it('knows a DOCX by the Word part inside the ZIP', () => {
    const docx = zipSync({ 'word/document.xml': utf8('<w:document/>') });
    expect(detectDocumentType(docx, 'report.zip')).toBe('docx');
    expect(detectDocumentType(zipSync({ 'a.txt': utf8('hi') }), 'report.docx')).toBeNull();
  });

  it('refuses binary files', () => {
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]);
    expect(detectDocumentType(elf, 'program.txt')).toBeNull();
    expect(detectDocumentType(new Uint8Array(), 'empty.txt')).toBeNull();
  });

  it('knows an HTML page from its content even under another name', () => {
    expect(detectDocumentType(utf8('\n<!DOCTYPE html><p>Hi'), 'page.txt')).toBe('html');
    expect(detectDocumentType(utf8('<!-- saved --><html><body>Hi'), 'page')).toBe('html');
    expect(detectDocumentType(utf8('<div>Hi</div>'), 'page')).toBe('html');
  });

  it('lets the name settle a text that could be Markdown, HTML or plain', () => {
    const fragment = utf8('<p align="center">Logo</p>\n\n# Project\n');
    expect(detectDocumentType(fragment, 'README.md')).toBe('markdown');
    expect(detectDocumentType(fragment, 'index.html')).toBe('html');
    const heading = utf8('# Title\n\nText.\n');
    expect(detectDocumentType(heading, 'notes.txt')).toBe('text');
    expect(detectDocumentType(heading, 'notes')).toBe('markdown');
    expect(detectDocumentType(utf8('Just words.\n'), 'notes')).toBe('text');
  });
});

describe('parseDocument on files it cannot read', () => {
  it('says a ZIP is not a document', async () => {
    await expect(parseDocument(zipSync({ 'a.txt': utf8('hi') }), 'a.zip')).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('a ZIP archive but not a document'),
    });
  });

  it('says an old Office file needs saving as .docx', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expect(parseDocument(ole, 'letter.doc')).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('save it as .docx'),
    });
  });
});
