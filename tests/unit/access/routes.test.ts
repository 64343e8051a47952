/**
 * Every route of the API has a rule in the one place that says who may use it
 * (lib/access/authorize.ts): a route without one answers 404 to everyone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { hasRule } from '@/lib/access/authorize';

const appDir = path.resolve(import.meta.dirname, '../../../app');

/** Each route.ts under app/api, as a path with its [segments] filled in. */
function apiPaths(): string[] {
  return fs
    .readdirSync(path.join(appDir, 'api'), { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'route.ts')
    .map((file) =>
      `/api/${path.dirname(file)}`
        .split(path.sep)
        .join('/')
        .replace(/\[\.\.\.[^\]]+\]/g, 'some/thing')
        .replace(/\[[^\]]+\]/g, 'x1'),
    );
}

it('has a rule for every route of the API', () => {
  const paths = apiPaths();
  expect(paths.length).toBeGreaterThan(25);
  expect(paths.filter((p) => !hasRule(p))).toEqual([]);
});
