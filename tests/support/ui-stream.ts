/** Reads an AI SDK UI message stream (SSE) as a client would, keeping every part in order. */
export interface UIPart {
  type: string;
  [key: string]: unknown;
}

export async function readUIParts(res: Response): Promise<UIPart[]> {
  const parts: UIPart[] = [];
  const text = await res.text();
  for (const event of text.split('\n\n')) {
    const data = event
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice(6))
      .join('\n');
    if (!data || data === '[DONE]') continue;
    parts.push(JSON.parse(data) as UIPart);
  }
  return parts;
}

/** The answer text a client assembles from the text-delta parts. */
export const joinedText = (parts: UIPart[]) =>
  parts
    .filter((p) => p.type === 'text-delta')
    .map((p) => p.delta as string)
    .join('');
