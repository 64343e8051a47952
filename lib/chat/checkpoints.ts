import { checkpointMessages } from '@/db/queries';

/**
 * How often the answers being written are saved as far as they have got, so that after a crash
 * an interrupted answer keeps what was streamed.
 */
const checkpointEveryMs = 1000;

interface Followed {
  textSoFar: () => string;
  saved: string;
}

const followed = new Map<string, Followed>();
let timer: NodeJS.Timeout | undefined;

/**
 * Saves an answer's text so far once a second until the returned function is called. All
 * answers being written are saved together, in one transaction: under load, a commit per
 * answer per second cost more than all of them in one.
 *
 * On a timer rather than in the token loop: a timer runs once the chunks written so far have
 * been handed to the readers' sockets, so a checkpoint never holds text no reader was sent.
 */
export function keepCheckpointed(messageId: string, textSoFar: () => string): () => void {
  followed.set(messageId, { textSoFar, saved: '' });
  timer ??= setInterval(saveAll, checkpointEveryMs);
  return () => {
    followed.delete(messageId);
    if (followed.size > 0) return;
    clearInterval(timer);
    timer = undefined;
  };
}

function saveAll(): void {
  const changed: { answer: Followed; id: string; content: string }[] = [];
  for (const [id, answer] of followed) {
    const content = answer.textSoFar();
    if (content !== answer.saved) changed.push({ answer, id, content });
  }
  if (changed.length === 0) return;
  try {
    if (!checkpointMessages(changed)) return; // the write lock was taken: next second
    for (const { answer, content } of changed) answer.saved = content;
  } catch (error) {
    // The final store will fail the same way and say so; the answers stream on meanwhile.
    console.error('Could not checkpoint the answers being written:', error);
  }
}
