const fence = /^\s{0,3}(```|~~~)/;
const listItemOrContinuation = /^(\s|[-*+]\s|\d+[.)]\s|\||>)/;

/**
 * Cuts Markdown into top-level blocks at blank lines, so a streaming answer re-parses only its
 * last block. It cuts only where a block surely ends (outside code fences, before a line that
 * cannot continue a list, table or quote); fewer cuts are always correct, just slower.
 */
export function splitMarkdownBlocks(markdown: string): string[] {
  const lines = markdown.split('\n');
  const blocks: string[] = [];
  let current: string[] = [];
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence.test(line)) inFence = !inFence;
    const next = lines[i + 1];
    if (
      !inFence &&
      line.trim() === '' &&
      current.length > 0 &&
      next !== undefined &&
      next.trim() !== '' &&
      !listItemOrContinuation.test(next)
    ) {
      blocks.push(current.join('\n'));
      current = [];
      continue;
    }
    current.push(line);
  }
  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}
