/**
 * Minimal, valid presentations, workbooks, OpenDocument files and EPUB books: the parts each
 * format requires and no more, so a test says exactly what a document holds.
 */
import { type Zippable, zipSync } from 'fflate';

const encode = (text: string) => new TextEncoder().encode(text);
const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const xml = (body: string) => encode(`<?xml version="1.0" encoding="UTF-8"?>${body}`);

const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';

function relationships(targets: Array<{ id: string; type: string; target: string }>) {
  return xml(
    `<Relationships xmlns="${PACKAGE_RELS}">${targets
      .map(
        ({ id, type, target }) =>
          `<Relationship Id="${id}" Type="${OFFICE_RELS}/${type}" Target="${target}"/>`,
      )
      .join('')}</Relationships>`,
  );
}

export interface Slide {
  title?: string;
  lines: string[];
  notes?: string;
}

const shape = (text: string[], placeholder?: string) =>
  `<p:sp><p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/><p:nvPr>${placeholder ? `<p:ph type="${placeholder}"/>` : ''}</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>${text
    .map((line) => `<a:p><a:r><a:t>${escapeXml(line)}</a:t></a:r></a:p>`)
    .join('')}</p:txBody></p:sp>`;

const slideXml = (shapes: string, root = 'sld') =>
  xml(
    `<p:${root} xmlns:a="${A}" xmlns:r="${OFFICE_RELS}" xmlns:p="${P}"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${shapes}</p:spTree></p:cSld></p:${root}>`,
  );

export function buildPptx(slides: Slide[]): Uint8Array {
  const parts: Zippable = {
    '[Content_Types].xml': xml(
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>${slides
        .map(
          (_, i) =>
            `<Override PartName="/ppt/slides/slide${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/><Override PartName="/ppt/notesSlides/notesSlide${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"/>`,
        )
        .join('')}</Types>`,
    ),
    '_rels/.rels': relationships([
      { id: 'rId1', type: 'officeDocument', target: 'ppt/presentation.xml' },
    ]),
    'ppt/presentation.xml': xml(
      `<p:presentation xmlns:a="${A}" xmlns:r="${OFFICE_RELS}" xmlns:p="${P}"><p:sldIdLst>${slides
        .map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 1}"/>`)
        .join('')}</p:sldIdLst></p:presentation>`,
    ),
    'ppt/_rels/presentation.xml.rels': relationships(
      slides.map((_, i) => ({
        id: `rId${i + 1}`,
        type: 'slide',
        target: `slides/slide${i + 1}.xml`,
      })),
    ),
  };
  slides.forEach((slide, i) => {
    const n = i + 1;
    parts[`ppt/slides/slide${n}.xml`] = slideXml(
      (slide.title ? shape([slide.title], 'title') : '') + shape(slide.lines),
    );
    if (slide.notes) {
      parts[`ppt/slides/_rels/slide${n}.xml.rels`] = relationships([
        { id: 'rId1', type: 'notesSlide', target: `../notesSlides/notesSlide${n}.xml` },
      ]);
      parts[`ppt/notesSlides/notesSlide${n}.xml`] = slideXml(
        shape([String(n)], 'sldNum') + shape([slide.notes], 'body'),
        'notes',
      );
    }
  });
  return zipSync(parts);
}

/** Cells by row; a number stays a number cell. */
export type Rows = Array<Array<string | number>>;

const columnName = (column: number) => String.fromCharCode(65 + column);

export function buildXlsx(sheets: Record<string, Rows>): Uint8Array {
  const names = Object.keys(sheets);
  const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const parts: Zippable = {
    '[Content_Types].xml': xml(
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${names
        .map(
          (_, i) =>
            `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('')}</Types>`,
    ),
    '_rels/.rels': relationships([
      { id: 'rId1', type: 'officeDocument', target: 'xl/workbook.xml' },
    ]),
    'xl/workbook.xml': xml(
      `<workbook xmlns="${S}" xmlns:r="${OFFICE_RELS}"><sheets>${names
        .map(
          (name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
        )
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': relationships(
      names.map((_, i) => ({
        id: `rId${i + 1}`,
        type: 'worksheet',
        target: `worksheets/sheet${i + 1}.xml`,
      })),
    ),
  };
  names.forEach((name, i) => {
    const rows = sheets[name]
      .map(
        (row, r) =>
          `<row r="${r + 1}">${row
            .map((cell, c) => {
              const ref = `${columnName(c)}${r + 1}`;
              if (cell === '') return '';
              return typeof cell === 'number'
                ? `<c r="${ref}"><v>${cell}</v></c>`
                : `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(cell)}</t></is></c>`;
            })
            .join('')}</row>`,
      )
      .join('');
    parts[`xl/worksheets/sheet${i + 1}.xml`] = xml(
      `<worksheet xmlns="${S}"><sheetData>${rows}</sheetData></worksheet>`,
    );
  });
  return zipSync(parts);
}

const ODF_NAMESPACES = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
].join(' ');

/** An OpenDocument package: its `mimetype` first and stored as is, as the format requires. */
function odf(kind: 'text' | 'presentation' | 'spreadsheet', body: string): Uint8Array {
  const mediaType = `application/vnd.oasis.opendocument.${kind}`;
  return zipSync({
    mimetype: [encode(mediaType), { level: 0 }],
    'META-INF/manifest.xml': xml(
      `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mediaType}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
    ),
    'content.xml': xml(
      `<office:document-content ${ODF_NAMESPACES} office:version="1.2"><office:body><office:${kind}>${body}</office:${kind}></office:body></office:document-content>`,
    ),
  });
}

const odfParagraphs = (lines: string[]) =>
  lines.map((line) => `<text:p>${escapeXml(line)}</text:p>`).join('');

/** Blocks of an OpenDocument text: `# Title` lines are headings of that level. */
export function buildOdt(blocks: string[]): Uint8Array {
  return odf(
    'text',
    blocks
      .map((block) => {
        const heading = /^(#+) (.*)$/.exec(block);
        return heading
          ? `<text:h text:outline-level="${heading[1].length}">${escapeXml(heading[2])}</text:h>`
          : `<text:p>${escapeXml(block)}</text:p>`;
      })
      .join(''),
  );
}

export function buildOdp(slides: Slide[]): Uint8Array {
  return odf(
    'presentation',
    slides
      .map(
        (slide, i) =>
          `<draw:page draw:name="page${i + 1}">${slide.title ? `<draw:frame presentation:class="title"><draw:text-box>${odfParagraphs([slide.title])}</draw:text-box></draw:frame>` : ''}<draw:frame presentation:class="outline"><draw:text-box>${odfParagraphs(slide.lines)}</draw:text-box></draw:frame>${slide.notes ? `<presentation:notes><draw:frame presentation:class="notes"><draw:text-box>${odfParagraphs([slide.notes])}</draw:text-box></draw:frame></presentation:notes>` : ''}</draw:page>`,
      )
      .join(''),
  );
}

export function buildOds(sheets: Record<string, Rows>): Uint8Array {
  return odf(
    'spreadsheet',
    Object.entries(sheets)
      .map(
        ([name, rows]) =>
          `<table:table table:name="${escapeXml(name)}">${rows
            .map(
              (row) =>
                `<table:table-row>${row
                  .map((cell) =>
                    typeof cell === 'number'
                      ? `<table:table-cell office:value-type="float" office:value="${cell}"><text:p>${cell}</text:p></table:table-cell>`
                      : `<table:table-cell office:value-type="string"><text:p>${escapeXml(cell)}</text:p></table:table-cell>`,
                  )
                  .join('')}</table:table-row>`,
            )
            .join('')}</table:table>`,
      )
      .join(''),
  );
}

export interface Chapter {
  title: string;
  paragraphs: string[];
}

export function buildEpub(title: string, chapters: Chapter[]): Uint8Array {
  const parts: Zippable = {
    mimetype: [encode('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': xml(
      '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
    ),
    'OEBPS/content.opf': xml(
      `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">folio-test</dc:identifier><dc:title>${escapeXml(title)}</dc:title><dc:language>en</dc:language></metadata><manifest>${chapters
        .map(
          (_, i) =>
            `<item id="c${i + 1}" href="chapter${i + 1}.xhtml" media-type="application/xhtml+xml"/>`,
        )
        .join(
          '',
        )}</manifest><spine>${chapters.map((_, i) => `<itemref idref="c${i + 1}"/>`).join('')}</spine></package>`,
    ),
  };
  chapters.forEach((chapter, i) => {
    parts[`OEBPS/chapter${i + 1}.xhtml`] = xml(
      `<html xmlns="http://www.w3.org/1999/xhtml"><head><title>${escapeXml(chapter.title)}</title></head><body><h1>${escapeXml(chapter.title)}</h1>${chapter.paragraphs
        .map((paragraph) => `<p>${escapeXml(paragraph)}</p>`)
        .join('')}</body></html>`,
    );
  });
  return zipSync(parts);
}
