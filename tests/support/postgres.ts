/**
 * A throwaway PostgreSQL server from Debian's packages (`postgresql`, installed by
 * scripts/ensure-test-packages.sh): its own cluster in a temporary folder, on a free loopback
 * port, removed when stopped. initdb refuses to run as root, so as root the cluster belongs to
 * the `postgres` user the package creates.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';

export interface ThrowawayPostgres {
  /** A superuser URL for the `postgres` database: make your own databases in it. */
  url: string;
  /** A new, empty database on this server, and its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => +b - +a) : [];
  const found = versions.find((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')));
  if (!found) {
    throw new Error(
      'PostgreSQL is not installed: run `bash scripts/ensure-test-packages.sh` (as root) or `sudo apt-get install postgresql`.',
    );
  }
  return path.join(root, found, 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program as the user that owns the cluster. */
function run(bin: string, program: string, args: string[]): string {
  const file = path.join(bin, program);
  const [command, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', file, ...args]]
    : [file, args];
  return execFileSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Starts the server. With `keepIn`, its cluster lives in that folder, is reused if there, and
 * is kept when stopped (benchmarks keep their built indexes so).
 */
export async function startPostgres(options: { keepIn?: string } = {}): Promise<ThrowawayPostgres> {
  const bin = binDir();
  const dir = options.keepIn ?? fs.mkdtempSync(path.join(os.tmpdir(), 'folio-pg-'));
  fs.mkdirSync(dir, { recursive: true });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
    fs.rmSync(data, { recursive: true, force: true });
    run(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  }
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  run(bin, 'pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-o',
    serverOptions,
    '-w',
    'start',
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let made = 0;
  return {
    url,
    async createDatabase(name = `folio_${process.pid}_${++made}`) {
      run(bin, 'psql', [
        '-h',
        dir,
        '-p',
        String(port),
        '-U',
        'postgres',
        '-qc',
        `CREATE DATABASE "${name}"`,
      ]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (options.keepIn) {
        run(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
        return;
      }
      try {
        run(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
