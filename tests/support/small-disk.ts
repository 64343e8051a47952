/**
 * A small, fillable disk for tests of a full one: a tmpfs mounted over a folder in a mount
 * namespace of a command's own, so only that command and what it starts see it, and nothing of
 * the machine's is filled.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/**
 * A launcher (tests/support/server.ts, postgres.ts) that runs its command with `folder` on a
 * tmpfs of `sizeMb`. Without `owner`, in a user namespace of its own, which needs no privilege
 * and runs the command as that namespace's root; with one (PostgreSQL refuses to run as root
 * and switches user), in the machine's, which takes root, the tmpfs belonging to `owner`.
 */
export function onSmallDisk(
  folder: string,
  sizeMb: number,
  owner?: { uid: number; gid: number },
): string[] {
  const options = [`size=${sizeMb}m`];
  if (owner) options.push(`uid=${owner.uid}`, `gid=${owner.gid}`, 'mode=0700');
  return [
    'unshare',
    ...(owner ? [] : ['--user', '--map-root-user']),
    '--mount',
    'sh',
    '-c',
    `mount -t tmpfs -o ${options.join(',')} folio-full "$0" && exec "$@"`,
    folder,
  ];
}

/** The folder as the process `pid` sees it, from outside its mount namespace. */
export const seenBy = (pid: number, folder: string) => `/proc/${pid}/root${folder}`;

/** Fills the disk `folder` is on, to its last page; returns the file that fills it. */
function fillDisk(folder: string): string {
  const filler = path.join(folder, 'filler');
  const block = Buffer.alloc(1024 * 1024);
  const fd = fs.openSync(filler, 'w');
  try {
    // Megabytes first, then pages for what is left.
    for (const size of [block.length, 4096]) {
      try {
        for (;;) fs.writeSync(fd, block, 0, size);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

const createChat = (url: string) =>
  fetch(`${url}/api/chats`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Tides' }),
  });

/**
 * Fills the database's disk (`folder`, as the test sees it), and checks that a change then fails
 * saying the disk is full (pages the database had spare may take a few small writes first),
 * that the server goes on serving, and that changes succeed again once there is room.
 */
export async function expectRefusedUntilRoom(url: string, folder: string): Promise<void> {
  const filler = fillDisk(folder);
  let refused: Response | undefined;
  for (let i = 0; i < 200 && !refused; i++) {
    const res = await createChat(url);
    if (res.status !== 201) refused = res;
  }
  expect(refused?.status).toBe(507);
  expect((await refused!.json()).error).toMatch(/^The disk is full/);
  expect((await fetch(`${url}/api/health`)).ok).toBe(true);

  fs.rmSync(filler);
  expect((await createChat(url)).status).toBe(201);
}
