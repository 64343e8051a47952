/**
 * npm run folio -- <command>: Folio's commands for its operator.
 *
 *   copy-to-postgres [--from DATA_DIR] [--to POSTGRES_URL]
 *     Copies a SQLite data folder (FOLIO_DATA_DIR, or ./data) into an empty PostgreSQL database
 *     (FOLIO_DATABASE_URL), then checks the copy. Stop Folio first. Safe to run again: a copy cut
 *     short goes on where it stopped, and a finished one is checked again.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CopyRefused, copyToPostgres } from '../db/copy-to-postgres';

const usage = 'Usage: npm run folio -- copy-to-postgres [--from DATA_DIR] [--to POSTGRES_URL]';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' } },
  });
  if (positionals[0] !== 'copy-to-postgres' || positionals.length > 1) {
    console.error(usage);
    return 2;
  }
  const dataDir = path.resolve(values.from ?? process.env.FOLIO_DATA_DIR ?? './data');
  const url = values.to ?? process.env.FOLIO_DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    console.error(
      `Name the PostgreSQL database to copy into: --to postgres://… or FOLIO_DATABASE_URL.\n${usage}`,
    );
    return 2;
  }
  const shown = new URL(url);
  shown.password = '';
  console.log(`Copying ${dataDir} into ${shown}`);
  try {
    const report = await copyToPostgres({
      dataDir,
      url,
      onProgress: (line) => console.log(`  ${line}`),
    });
    console.log(
      `Copied ${report.documents} document(s) and ${report.chats} chat(s)` +
        (report.alreadyCopied ? `; ${report.alreadyCopied} were there from an earlier run.` : '.'),
    );
    for (const note of report.notes) console.log(`Note: ${note}`);
    console.log('Checked against the data folder:');
    for (const line of report.checked) console.log(`  ${line}`);
    if (report.problems.length > 0) {
      console.error('The copy differs from the data folder:');
      for (const problem of report.problems) console.error(`  ${problem}`);
      return 1;
    }
    console.log(`The copy is whole. Start Folio with FOLIO_DATABASE_URL=${shown} to use it.`);
    return 0;
  } catch (error) {
    if (!(error instanceof CopyRefused)) throw error;
    console.error(error.message);
    return 1;
  }
}

process.exitCode = await main();
