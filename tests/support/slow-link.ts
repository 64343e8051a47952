/**
 * A TCP link that takes `delayMs` each way, as one to a database across a network does. Put
 * between Folio and the test PostgreSQL, it leaves time between a query and its answer, so that
 * requests made at the same instant overlap in the database as they would in production.
 */
import net from 'node:net';

export interface SlowLink {
  /** The URL to reach the target through the link. */
  url: string;
  close(): Promise<void>;
}

export async function startSlowLink(target: string, delayMs: number): Promise<SlowLink> {
  const upstreamUrl = new URL(target);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(upstreamUrl.port), upstreamUrl.hostname);
    const relay = (from: net.Socket, to: net.Socket) => {
      sockets.add(from);
      from.on('close', () => sockets.delete(from));
      from.on('error', () => to.destroy());
      // Timers of one delay fire in the order they were set: the bytes keep their order.
      from.on('data', (chunk) => setTimeout(() => to.write(chunk), delayMs));
      from.on('end', () => setTimeout(() => to.end(), delayMs));
    };
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    url: url.toString(),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
