import { describe, expect, it } from 'vitest';
import { parseDocument } from '@/lib/documents';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function headingsOf(markdown: string) {
  const doc = await parseDocument(utf8(markdown), 'doc.md');
  return doc.headings.map((heading) => ({
    ...heading,
    at: doc.text.slice(heading.charStart, heading.charStart + 12),
  }));
}

describe('parseDocument on Markdown', () => {
  it('keeps the Markdown as text and records ATX headings at their offsets', async () => {
    const markdown = '# Guide\n\nIntro.\n\n## Install it ##\n\nRun it.\n\n### [API](#api) `docs`\n';
    const doc = await parseDocument(utf8(markdown), 'guide.md');
    expect(doc.type).toBe('markdown');
    expect(doc.mediaType).toBe('text/markdown; charset=utf-8');
    expect(doc.text).toBe(markdown);
    expect(doc.title).toBe('Guide');
    expect(await headingsOf(markdown)).toEqual([
      { level: 1, text: 'Guide', charStart: 0, at: '# Guide\n\nInt' },
      { level: 2, text: 'Install it', charStart: 17, at: '## Install i' },
      { level: 3, text: 'API docs', charStart: 44, at: '### [API](#a' },
    ]);
  });

  it('records setext headings from the start of their text', async () => {
    const headings = await headingsOf('Title\n=====\n\nBody text.\n\nSection two\n---\n');
    expect(headings.map(({ level, text, at }) => ({ level, text, at }))).toEqual([
      { level: 1, text: 'Title', at: 'Title\n=====\n' },
      { level: 2, text: 'Section two', at: 'Section two\n' },
    ]);
  });

  it('does not take code, thematic breaks, list items or #tags for headings', async () => {
    const markdown = [
      'Text.',
      '',
      '---',
      '',
      '```bash',
      '# install the tool',
      'Not a heading',
      '===',
      '```',
      '- a list item',
      '---',
      '#hashtag',
      '    # indented code',
      '## Real',
    ].join('\n');
    expect((await headingsOf(markdown)).map((heading) => heading.text)).toEqual(['Real']);
  });

  it('takes the title from YAML front matter and skips the front matter', async () => {
    const doc = await parseDocument(
      utf8('---\ntitle: "Field notes"\ntags: x\n---\n# First\n'),
      'notes.md',
    );
    expect(doc.title).toBe('Field notes');
    expect(doc.headings.map((heading) => heading.text)).toEqual(['First']);
  });

  it('reads Latin-1 Markdown', async () => {
    const bytes = new Uint8Array([0x23, 0x23, 0x20, 0x6b, 0xf6, 0x6e, 0x6e, 0x65, 0x6e, 0x0a]);
    const doc = await parseDocument(bytes, 'umlauts.md');
    expect(doc.headings).toEqual([{ level: 2, text: 'können', charStart: 0 }]);
    expect(doc.mediaType).toBe('text/markdown; charset=windows-1252');
  });
});
