/** The few mdast shapes this plugin touches. */
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: { hName?: string; hProperties?: Record<string, string | number> };
}

const citationGroup = /\[(\d+(?:\s*,\s*\d+)*)\]/g;

function citation(n: number): MdNode {
  return {
    type: 'citation',
    data: { hName: 'cite', hProperties: { dataN: n } },
    children: [{ type: 'text', value: String(n) }],
  };
}

/** Splits one text node into text and citations; numbers with no source stay text. */
function splitText(value: string, sourceCount: number): MdNode[] {
  const out: MdNode[] = [];
  let last = 0;
  for (const match of value.matchAll(citationGroup)) {
    const numbers = match[1].split(',').map((p) => Number(p.trim()));
    if (!numbers.some((n) => n >= 1 && n <= sourceCount)) continue;
    if (match.index > last) out.push({ type: 'text', value: value.slice(last, match.index) });
    for (const n of numbers)
      out.push(n >= 1 && n <= sourceCount ? citation(n) : { type: 'text', value: `[${n}]` });
    last = match.index + match[0].length;
  }
  if (last === 0) return [{ type: 'text', value }];
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  return out;
}

/** A chip is a button; inside a link it would be a control within a control. */
const skipped = new Set(['link', 'linkReference']);

function visit(node: MdNode, sourceCount: number) {
  if (!node.children || skipped.has(node.type)) return;
  node.children = node.children.flatMap((child) => {
    if (child.type === 'text' && child.value) return splitText(child.value, sourceCount);
    visit(child, sourceCount);
    return [child];
  });
}

/**
 * A remark plugin: each [n] or [n, m] in the answer's prose becomes a <cite data-n> element,
 * rendered as a citation chip. Code is left alone, and a number with no matching source is
 * never turned into a citation.
 */
export function remarkCitations({ sourceCount }: { sourceCount: number }) {
  return (tree: MdNode) => visit(tree, sourceCount);
}
