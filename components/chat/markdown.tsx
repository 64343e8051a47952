import Markdown, { type Components, defaultUrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CitationChip } from './citation-chip';
import { splitMarkdownBlocks } from './markdown-blocks';
import { remarkCitations } from './remark-citations';
import { remarkHtmlAsText } from './remark-html-as-text';

// Rendered on the server for stored answers and in the browser for streaming ones: no hooks.

/** Only web and mail links are followed; anything else (javascript:, data:) stays text. */
function safeUrl(url: string): string {
  const kept = defaultUrlTransform(url);
  return /^(https?:|mailto:)/i.test(kept) ? kept : '';
}

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  // Images from an answer would load from anywhere; show them as their link instead.
  img: ({ src, alt }) =>
    typeof src === 'string' && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer">
        {alt || src}
      </a>
    ) : (
      <span>{alt}</span>
    ),
  cite: ({ node }) => <CitationChip n={Number(node?.properties?.dataN)} />,
};

/** One block of an answer as Markdown (no raw HTML), each [n] a citation chip. */
export function MarkdownBlock({
  markdown,
  sourceCount,
}: {
  markdown: string;
  sourceCount: number;
}) {
  return (
    <Markdown
      remarkPlugins={[remarkGfm, remarkHtmlAsText, [remarkCitations, { sourceCount }]]}
      components={components}
      urlTransform={safeUrl}
    >
      {markdown}
    </Markdown>
  );
}

/** A finished answer, rendered once on the server, so the chat page ships no Markdown parser. */
export function StaticAnswerMarkdown({ text, sourceCount }: { text: string; sourceCount: number }) {
  return (
    <div className="markdown" data-answer-text>
      {splitMarkdownBlocks(text).map((block, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a finished answer's blocks never move
        <MarkdownBlock key={i} markdown={block} sourceCount={sourceCount} />
      ))}
    </div>
  );
}
