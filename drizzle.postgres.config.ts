import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './db/postgres/schema.ts',
    './db/postgres/search/schema.ts',
    './db/postgres/accounts-schema.ts',
  ],
  out: './db/postgres/migrations',
});
