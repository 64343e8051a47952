import os from 'node:os';

/** The body of a JSON response, or an error that says which request failed and how. */
export async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The 1, 5 and 15 minute load averages, to print beside figures measured on a shared machine. */
export const loadAverage = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
