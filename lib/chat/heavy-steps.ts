/**
 * Turns of the event loop for the heavy synchronous steps of answers, one step per turn.
 * Starting an answer (storing the question, searching the documents, building the model
 * request) and finishing one (storing it with its sources) each take a few milliseconds on the
 * thread that streams every answer. A crowd of questions arriving together, or of answers ending
 * together, would run all of those steps back to back while the answers still streaming wait,
 * and their readers would see the text stall. Waiting here puts each step in a turn of its own,
 * after the sockets have been read and written, so streaming answers keep their pace; steps run
 * in the order they asked.
 */
const waiting: (() => void)[] = [];
let scheduled = false;

/** Resolves in a later turn of the event loop, after the steps that asked before. */
export function beforeHeavyStep(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(runOne);
    }
  });
}

function runOne(): void {
  waiting.shift()?.();
  // Scheduled from this turn's check phase, the next step runs after the next poll for I/O.
  scheduled = waiting.length > 0;
  if (scheduled) setImmediate(runOne);
}
