'use client';

import { useEffect, useState } from 'react';

interface PageWord {
  charStart: number;
  charEnd: number;
  /** Left, top, right, bottom as fractions of the page. */
  box: [number, number, number, number];
}

/** A rectangle on the page, as percentages of its width and height. */
interface Mark {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Marks a passage on a page read by OCR, where there is no text layer to mark it in: the boxes
 * of the words that lie in the passage's stretch of the document's text, joined line by line.
 * Laid over the page's picture in percentages, it follows the picture whatever its size. A page
 * read from its text has no words, and this draws nothing there.
 */
export function ScannedPassage({
  documentId,
  page,
  charStart,
  charEnd,
}: {
  documentId: string;
  page: number;
  charStart: number;
  charEnd: number;
}) {
  const [marks, setMarks] = useState<Mark[]>([]);

  useEffect(() => {
    let cancelled = false;
    setMarks([]);
    fetch(`/api/documents/${documentId}/pages/${page}/words`)
      .then((res) => (res.ok ? (res.json() as Promise<{ words: PageWord[] }>) : { words: [] }))
      .then(({ words }) => {
        if (cancelled) return;
        const inPassage = words.filter((w) => w.charStart < charEnd && w.charEnd > charStart);
        setMarks(lineMarks(inPassage));
      })
      .catch(() => {
        // Without the words the page still shows; the passage is just not marked on it.
      });
    return () => {
      cancelled = true;
    };
  }, [documentId, page, charStart, charEnd]);

  return (
    <div className="pointer-events-none absolute inset-0" data-testid="scanned-passage">
      {marks.map((mark, i) => (
        <div
          // The marks of one page never change order while shown.
          // biome-ignore lint/suspicious/noArrayIndexKey: their index is their identity.
          key={i}
          ref={i === 0 ? (el) => el?.scrollIntoView({ block: 'center' }) : undefined}
          className="passage-mark absolute rounded-[2px] bg-highlight mix-blend-multiply"
          style={{
            left: `${mark.left}%`,
            top: `${mark.top}%`,
            width: `${mark.width}%`,
            height: `${mark.height}%`,
          }}
        />
      ))}
    </div>
  );
}

/** Words in reading order joined into one mark per line: a word on the same line widens it. */
function lineMarks(words: PageWord[]): Mark[] {
  const lines: Array<[number, number, number, number]> = [];
  for (const { box } of words) {
    const last = lines.at(-1);
    const [left, top, right, bottom] = box;
    const sameLine = last && top < last[3] && bottom > last[1] && left >= last[0];
    if (last && sameLine) {
      lines[lines.length - 1] = [last[0], Math.min(last[1], top), right, Math.max(last[3], bottom)];
    } else lines.push([left, top, right, bottom]);
  }
  // A little room around the letters, as a highlighter leaves.
  const pad = 0.002;
  return lines.map(([left, top, right, bottom]) => ({
    left: (left - pad) * 100,
    top: (top - pad) * 100,
    width: (right - left + 2 * pad) * 100,
    height: (bottom - top + 2 * pad) * 100,
  }));
}
