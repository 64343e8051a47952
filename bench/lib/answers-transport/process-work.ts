import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The loop monitor's period; an idle loop reads about this much (see clients-process.ts). */
const LOOP_RESOLUTION_MS = 5;

/** What this process has used since: its CPU seconds and its event-loop delay's p99. */
export interface ProcessWork {
  cpuS: number;
  loopP99Ms: number;
}

/** Starts measuring this process; the function returned stops and says what it used. */
export function measureProcess(): () => ProcessWork {
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const before = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(before);
    loop.disable();
    return {
      cpuS: (cpu.user + cpu.system) / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS,
    };
  };
}
