/**
 * bench:load's measure of the machine: the least a Node server can do for the same workload.
 * A bare node:http server that, for each question the clients ask, requests the stub's
 * completion and relays every text delta as a UI message stream event, with no Next, no
 * database and no program between. Run through the same stub and clients as Folio, its token
 * delay is what this machine and the instrument cost on their own, in the same minutes.
 * Given the stub's URL, sends its own once listening; on 'cpu' sends its CPU seconds so far.
 */
import http from 'node:http';

let stubUrl = '';
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

const sseEvent = (part: object) => Buffer.from(`data: ${JSON.stringify(part)}\n\n`);

function relay(question: string, res: http.ServerResponse) {
  const body = JSON.stringify({
    model: 'relay',
    stream: true,
    messages: [{ role: 'user', content: question }],
  });
  const upstream = http.request(`${stubUrl}/chat/completions`, {
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  upstream.on('response', (completion) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(sseEvent({ type: 'start' }));
    completion.setEncoding('utf8');
    let buffer = '';
    // Only the answer field's text goes on, as in Folio: the deltas between its marker and the
    // next one (the stub sends each marker as a delta of its own).
    let inAnswer = false;
    completion.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = buffer.slice('data: '.length, end);
        buffer = buffer.slice(end + 2);
        if (data === '[DONE]') continue;
        const delta = JSON.parse(data).choices?.[0]?.delta?.content;
        if (typeof delta !== 'string') continue;
        if (delta.includes('[[ ## ')) inAnswer = delta.includes('[[ ## answer ## ]]');
        else if (inAnswer) res.write(sseEvent({ type: 'text-delta', id: 'relay', delta }));
      }
    });
    completion.on('end', () => {
      res.write(sseEvent({ type: 'finish' }));
      res.end('data: [DONE]\n\n');
    });
  });
  upstream.on('error', () => res.destroy());
  upstream.end(body);
}

const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    body += chunk;
  });
  req.on('end', () => relay(JSON.parse(body).content, res));
});
process.on('message', (message) => {
  if (typeof message === 'object' && message !== null && 'stubUrl' in message) {
    stubUrl = String(message.stubUrl);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      process.send?.({ url: `http://127.0.0.1:${port}` });
    });
  }
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuS: (user + system) / 1e6 });
  }
  if (message === 'close') server.close(() => process.disconnect());
});
