/**
 * Samples this process's resident set size every 100 ms while a load runs,
 * keeping the peak: the figure the load test bounds and records.
 */
export interface MemoryReport {
  peakRssMiB: number;
  startRssMiB: number;
  samples: number;
}

const MiB = 1024 * 1024;

export function sampleMemory(intervalMs = 100): { stop(): MemoryReport } {
  const start = process.memoryUsage.rss();
  let peak = start;
  let samples = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    samples++;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return { peakRssMiB: Math.round(peak / MiB), startRssMiB: Math.round(start / MiB), samples };
    },
  };
}
