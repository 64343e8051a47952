/** Completions in the chat adapter's format, as a model following Folio's prompts writes them. */
export function answerCompletion(answer: string, reasoning = 'The passages say so.'): string {
  return `[[ ## reasoning ## ]]\n${reasoning}\n\n[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]`;
}

export function queryCompletion(query: string): string {
  return `[[ ## query ## ]]\n${query}\n\n[[ ## completed ## ]]`;
}
