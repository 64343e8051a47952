/**
 * Loaded before Next (serve.sh: node --import): appends the address each request's connection
 * comes from to its X-Forwarded-For header, as every proxy on the way does, before Next or
 * Folio reads any header. The last address there is then always the one the socket saw, which
 * no client can forge; lib/access/forwarded.ts believes the addresses before it only as far as
 * they were added by proxies the operator trusts (FOLIO_TRUSTED_PROXIES).
 *
 * Node publishes each request on this channel synchronously, before the server's 'request'
 * listener runs, so no request reaches Next without it.
 */
import { subscribe } from 'node:diagnostics_channel';

subscribe('http.server.request.start', ({ request, socket }) => {
  const peer = socket.remoteAddress ?? 'unknown';
  const forwarded = request.headers['x-forwarded-for'];
  request.headers['x-forwarded-for'] = forwarded ? `${forwarded}, ${peer}` : peer;
});
