/**
 * Turns of the event loop for the SQLite backend's heavy synchronous steps on the server's
 * thread, one step per turn, and none while the answers already streaming are behind.
 *
 * SQLite answers synchronously, on the thread that streams every answer. Starting an answer
 * (storing the question), searching the documents and finishing an answer (storing it with its
 * sources) each take a few milliseconds there. A crowd of questions arriving together, or of
 * answers ending together, would run all of those steps back to back while the answers still
 * streaming wait, and their readers would see the text stall. So each step waits for a turn of
 * its own, after the sockets have been read and written, and steps run in the order they asked.
 *
 * One step per turn is not enough when the thread is saturated: then every turn is long,
 * because the tokens that arrived meanwhile are many, and a step in each turn keeps it so. A
 * turn that took longer than `busyTurnMs` therefore gets no step, and the next turn, with the
 * sockets caught up, does; a step waits at most `longestWaitMs`, so a busy server still starts
 * new answers. Answers already streaming come first: a new one starts a little later.
 */
const busyTurnMs = 8;
const longestWaitMs = 100;

const waiting: (() => void)[] = [];
let scheduled = false;
/** When the last turn's check phase ran, so the next one knows how long the turn took. */
let lastTurnAt = 0;
/** When the first step now waiting was first held back, if it was. */
let heldSince: number | undefined;

/** Resolves in a later turn of the event loop, after the steps that asked before. */
export function beforeHeavyStep(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      lastTurnAt = performance.now();
      setImmediate(runOne);
    }
  });
}

function runOne(): void {
  const now = performance.now();
  const turnMs = now - lastTurnAt;
  lastTurnAt = now;
  if (turnMs > busyTurnMs) {
    heldSince ??= now;
    if (now - heldSince < longestWaitMs) {
      setImmediate(runOne); // this turn goes to the sockets
      return;
    }
  }
  heldSince = undefined;
  waiting.shift()?.();
  // Scheduled from this turn's check phase, the next step runs after the next poll for I/O.
  scheduled = waiting.length > 0;
  if (scheduled) setImmediate(runOne);
}
