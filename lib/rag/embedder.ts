import OpenAI from 'openai';
import { httpFetch } from '@/lib/program';

/** Turns texts into vectors with an OpenAI-compatible embeddings endpoint, in batches. */
export interface Embedder {
  model: string;
  embed(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]>;
}

const batchSize = 64;

export function createEmbedder(options: {
  apiKey: string;
  baseURL?: string;
  model: string;
}): Embedder {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: 2,
    fetch: httpFetch,
  });
  return {
    model: options.model,
    async embed(texts, onProgress) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const response = await client.embeddings.create({
          model: options.model,
          input: texts.slice(start, start + batchSize),
        });
        const batch = [...response.data].sort((a, b) => a.index - b.index);
        for (const item of batch) vectors.push(Float32Array.from(item.embedding));
        onProgress?.(vectors.length);
      }
      return vectors;
    },
  };
}
