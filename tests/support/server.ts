/**
 * Starts the real, built Folio server as `npm run serve` does (scripts/serve.sh) on a free port
 * with its own data folder, for tests that talk to it over HTTP as a client would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';

const root = path.resolve(import.meta.dirname, '../..');

export interface FolioServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  dataDir?: string;
  /**
   * A command the server is started through, which must end by exec'ing the arguments it is
   * given (the shell and serve.sh), so that the server's pid is still the child's.
   */
  launcher?: string[];
}

export async function startFolio(options: StartOptions = {}): Promise<FolioServer> {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    throw new Error('No production build: run `npm run build` before the integration tests.');
  }
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'folio-test-'));
  const port = await freePort();
  let output = '';
  // The script execs Node, so the child's pid is the server's (for signals and /proc). The
  // Node running the tests comes first on its PATH: the project's own, whoever started them.
  const [command, ...args] = [
    ...(options.launcher ?? []),
    'sh',
    path.join(root, 'scripts/serve.sh'),
  ];
  const child = spawn(command, args, {
    cwd: root,
    env: {
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      FOLIO_DATA_DIR: dataDir,
      FOLIO_HOST: '127.0.0.1',
      PORT: String(port),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Folio exited at start:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Folio did not answer /api/health within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
