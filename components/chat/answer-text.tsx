/** Answer text with each [n] shown as a small citation chip; a number with no source stays plain text. */
export function AnswerText({ text, sourceCount }: { text: string; sourceCount: number }) {
  const pieces = text.split(/(\[\d+\])/g);
  return (
    <div className="whitespace-pre-wrap leading-relaxed">
      {pieces.map((piece, i) => {
        const n = /^\[(\d+)\]$/.exec(piece)?.[1];
        if (!n || Number(n) < 1 || Number(n) > sourceCount) return piece;
        return (
          <a
            // biome-ignore lint/suspicious/noArrayIndexKey: pieces are positional and never reorder
            key={i}
            href={`#source-${n}`}
            className="mx-0.5 inline-flex h-4 min-w-4 items-center justify-center rounded bg-blue-100 px-1 align-[1px] font-mono text-[10px] text-blue-800 no-underline dark:bg-blue-900 dark:text-blue-100"
            aria-label={`Source ${n}`}
          >
            {n}
          </a>
        );
      })}
    </div>
  );
}
