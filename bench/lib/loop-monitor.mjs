// Preloaded into the server by bench:ingest (NODE_OPTIONS=--import): samples the main thread's
// event-loop delay, and on SIGUSR2 writes the figures since the last signal to
// $FOLIO_LOOP_REPORT and starts over. Workers import it too; only the main thread listens.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

if (isMainThread && process.env.FOLIO_LOOP_REPORT) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  process.on('SIGUSR2', () => {
    const ms = (ns) => Math.round((ns / 1e6) * 10) / 10;
    fs.writeFileSync(
      process.env.FOLIO_LOOP_REPORT,
      JSON.stringify({
        p50: ms(delay.percentile(50)),
        p99: ms(delay.percentile(99)),
        max: ms(delay.max),
      }),
    );
    delay.reset();
  });
}
