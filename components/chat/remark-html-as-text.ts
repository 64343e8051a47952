interface MdNode {
  type: string;
  children?: MdNode[];
}

/**
 * A remark plugin: raw HTML in an answer (the model may echo a document's markup, or be told
 * to) is shown as the text it is. It is never parsed into elements, so it can never run.
 */
export function remarkHtmlAsText() {
  const visit = (node: MdNode) => {
    if (node.type === 'html') node.type = 'text';
    node.children?.forEach(visit);
  };
  return visit;
}
