import { storage } from '@/db';

/**
 * How often each answer being written is saved as far as it has got, so that after a crash an
 * interrupted answer keeps what was streamed.
 */
const checkpointEveryMs = 1000;
/**
 * How often the due answers are looked for. Each answer is saved a second after its last save,
 * and answers start at different moments, so a crowd's saves are spread over the second in a few
 * small writes rather than one large one, which would hold the thread that streams them
 * (bench:load).
 */
const lookEveryMs = 250;

interface Followed {
  textSoFar: () => string;
  saved: string;
  savedAt: number;
}

const followed = new Map<string, Followed>();
let timer: NodeJS.Timeout | undefined;
/** Whether a checkpoint is being saved: the next look waits for it rather than pile on. */
let saving = false;

/**
 * Saves an answer's text so far once a second until the returned function is called. The
 * answers due at the same moment are saved together, in one transaction.
 *
 * On a timer rather than in the token loop: a timer runs once the chunks written so far have
 * been handed to the subscribers' sockets, so a checkpoint never holds text no subscriber was sent.
 */
export function keepCheckpointed(messageId: string, textSoFar: () => string): () => void {
  followed.set(messageId, { textSoFar, saved: '', savedAt: performance.now() });
  timer ??= setInterval(saveDue, lookEveryMs);
  return () => {
    followed.delete(messageId);
    if (followed.size > 0) return;
    clearInterval(timer);
    timer = undefined;
  };
}

function saveDue(): void {
  if (saving) return;
  const now = performance.now();
  const due: { answer: Followed; id: string; content: string }[] = [];
  for (const [id, answer] of followed) {
    if (now - answer.savedAt < checkpointEveryMs) continue;
    const content = answer.textSoFar();
    if (content !== answer.saved) due.push({ answer, id, content });
  }
  if (due.length === 0) return;
  saving = true;
  storage()
    .messages.checkpoint(due)
    .then((saved) => {
      if (!saved) return; // other writers were in the way: next look
      for (const { answer, content } of due) {
        answer.saved = content;
        answer.savedAt = now;
      }
    })
    .catch((error) => {
      // The final store will fail the same way and say so; the answers stream on meanwhile.
      console.error('Could not checkpoint the answers being written:', error);
    })
    .finally(() => {
      saving = false;
    });
}
