/** Runs once when the server starts, before it serves a request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startUp } = await import('./lib/startup');
  await startUp();
  // The answer path's libraries, loaded now rather than by the first question: compiling them
  // holds the thread that streams every answer, and questions come in crowds.
  await Promise.all([import('ai'), import('openai')]);
}
