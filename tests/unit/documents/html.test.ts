import { describe, expect, it } from 'vitest';
import { parseDocument } from '@/lib/documents';

const utf8 = (text: string) => new TextEncoder().encode(text);

function windows1252(text: string): Uint8Array {
  const specials: Record<string, number> = { '€': 0x80, '“': 0x93, '”': 0x94, '—': 0x97 };
  return Uint8Array.from([...text], (char) => specials[char] ?? char.charCodeAt(0));
}

function utf16le(text: string, bom: boolean): Uint8Array {
  const units = `${bom ? '\uFEFF' : ''}${text}`;
  const bytes = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    bytes[i * 2] = units.charCodeAt(i) & 0xff;
    bytes[i * 2 + 1] = units.charCodeAt(i) >> 8;
  }
  return bytes;
}

const page = (head: string, body: string) =>
  `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;

describe('parseDocument on HTML', () => {
  it('keeps what the page says and drops scripts, styles and navigation', async () => {
    const html = page(
      '<title> The  Page </title><style>p { color: red }</style><script>var x = "<p>no</p>";</script>',
      `<header><a href="/">Home</a> <a href="/about">About</a></header>
       <nav><ul><li>Menu item</li></ul></nav>
       <main>
         <article>
           <header><h1>Article <em>title</em></h1></header>
           <p>First   paragraph,
              across lines &amp; with an&nbsp;entity.</p>
           <aside>Related links</aside>
           <noscript>Enable JavaScript</noscript>
           <template><p>Not rendered</p></template>
           <div hidden>Hidden text</div>
           <h2>Details</h2>
           <ul><li>One</li><li>Two</li></ul>
           <table><tr><th>Name</th><th>Value</th></tr><tr><td><p>a</p></td><td>1</td></tr></table>
           <p>Line<br>break</p>
           <pre>
  indented
    code</pre>
         </article>
       </main>
       <footer>Copyright</footer>`,
    );
    const doc = await parseDocument(utf8(html), 'page.html');
    expect(doc).toMatchObject({ type: 'html', mediaType: 'text/html; charset=utf-8' });
    expect(doc.title).toBe('The Page');
    expect(doc.text).toBe(
      [
        'Article title',
        'First paragraph, across lines & with an entity.',
        'Details',
        'One\nTwo',
        'Name Value\na 1',
        'Line\nbreak',
        '  indented\n    code',
      ].join('\n\n'),
    );
    expect(doc.headings).toEqual([
      { level: 1, text: 'Article title', charStart: 0 },
      { level: 2, text: 'Details', charStart: doc.text.indexOf('Details') },
    ]);
  });

  it('honours a charset declared in a meta element', async () => {
    const body = '<p>“Prix” — 5 €</p>';
    const meta = windows1252(page('<meta charset="windows-1252">', body));
    const httpEquiv = windows1252(
      page('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', body),
    );
    for (const bytes of [meta, httpEquiv]) {
      const doc = await parseDocument(bytes, 'page.html');
      expect(doc.text).toBe('“Prix” — 5 €');
      expect(doc.mediaType).toBe('text/html; charset=windows-1252');
    }
  });

  it('lets a byte order mark win over a declared charset', async () => {
    const html = page('<meta charset="windows-1252">', '<p>Grüße</p>');
    const doc = await parseDocument(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(html)]), 'a.html');
    expect(doc.text).toBe('Grüße');
    expect(doc.mediaType).toBe('text/html; charset=utf-8');
  });

  it.each([true, false])('reads UTF-16 pages (byte order mark: %s)', async (bom) => {
    const html = page('<meta charset="utf-16">', '<h1>日本の鋼</h1><p>Grüße</p>');
    const doc = await parseDocument(utf16le(html, bom), 'page.html');
    expect(doc.text).toBe('日本の鋼\n\nGrüße');
    expect(doc.mediaType).toBe('text/html; charset=utf-16le');
  });

  it('reads a page that declares UTF-16 in ASCII bytes as UTF-8, as browsers do', async () => {
    const doc = await parseDocument(
      utf8(page('<meta charset="utf-16">', '<p>Grüße</p>')),
      'a.html',
    );
    expect(doc.text).toBe('Grüße');
  });

  it('falls back to sniffing when the charset is unknown or missing', async () => {
    const unknown = windows1252(page('<meta charset="klingon">', '<p>5 €</p>'));
    expect((await parseDocument(unknown, 'a.html')).text).toBe('5 €');
    const undeclared = windows1252(page('', '<p>5 €</p>'));
    expect((await parseDocument(undeclared, 'a.html')).text).toBe('5 €');
  });

  it('refuses a page without text', async () => {
    const html = page('<title>Empty</title><script>app()</script>', '<div id="root"></div>');
    await expect(parseDocument(utf8(html), 'app.html')).rejects.toMatchObject({
      code: 'no-text',
      message: 'No text to search in this HTML page.',
    });
  });
});
