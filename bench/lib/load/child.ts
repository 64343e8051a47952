import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';

/** One of bench:load's own processes (a file beside this one), run through tsx. */
export function forkBenchProcess(file: string): ChildProcess {
  // fork passes this process's execArgv on, which is how tsx loads TypeScript in the child.
  return fork(path.join(import.meta.dirname, file), { stdio: 'inherit' });
}

/** The next message the child sends; rejects if it exits first. */
export function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) =>
      reject(new Error(`${child.spawnargs.at(-1)} exited (${code}) before answering`));
    child.once('exit', exited);
    child.once('message', (message) => {
      child.off('exit', exited);
      resolve(message as T);
    });
  });
}
