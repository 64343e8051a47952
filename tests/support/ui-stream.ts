/** Reads an AI SDK UI message stream (SSE) as a client would, keeping every part in order. */
export interface UIPart {
  type: string;
  [key: string]: unknown;
}

function parseEvent(event: string): UIPart | undefined {
  const data = event
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice(6))
    .join('\n');
  return data && data !== '[DONE]' ? (JSON.parse(data) as UIPart) : undefined;
}

/** Every part of the stream, read to its end. */
export async function readUIParts(res: Response): Promise<UIPart[]> {
  return readUIPartsUntil(res, () => false);
}

/**
 * Parts as they arrive, until `enough(parts)` says so (then the connection is dropped) or the
 * stream ends.
 */
export async function readUIPartsUntil(
  res: Response,
  enough: (parts: UIPart[]) => boolean,
): Promise<UIPart[]> {
  const parts: UIPart[] = [];
  const stream = uiParts(res);
  for await (const part of stream) {
    parts.push(part);
    if (enough(parts)) break; // leaving the loop cancels the response body
  }
  return parts;
}

/** The parts of a UI message stream, one by one as they arrive. */
export async function* uiParts(res: Response): AsyncGenerator<UIPart> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const part = parseEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        if (part) yield part;
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** The answer text a client assembles from the text-delta parts. */
export const joinedText = (parts: UIPart[]) =>
  parts
    .filter((p) => p.type === 'text-delta')
    .map((p) => p.delta as string)
    .join('');
