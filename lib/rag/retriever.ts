import { type PassageRow, searchChunks } from '@/db/queries';
import { queryTerms } from './terms';

/** A retrieved passage, as search returns it. */
export type Passage = PassageRow;

export interface SearchOptions {
  k: number;
  /** Only these documents; empty or absent means all. */
  documentIds?: string[];
}

/** The one search interface: lexical today, hybrid or another backend later. */
export interface Retriever {
  search(query: string, options: SearchOptions): Promise<Passage[]>;
}

export const lexicalRetriever: Retriever = {
  async search(query, { k, documentIds }) {
    return searchChunks(queryTerms(query), k, documentIds);
  },
};
