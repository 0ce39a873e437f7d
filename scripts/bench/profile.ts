import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';

let taken = 0;

/**
 * With LOA_BENCH_PROFILE=<dir>, a CPU profile (`.cpuprofile`, sampled every 200 µs) and an
 * allocation profile (`.heapprofile`, every 4 KB allocated, objects already collected included:
 * the garbage a round makes) of this process from now until the returned function is called,
 * written to <dir> as `<nn>-<label>.*` (open them in Chrome DevTools). Without it, nothing. The
 * figures of a profiled round are inflated by the profiling: compare profiles, not them.
 */
export async function startProfile(): Promise<(label: string) => Promise<void>> {
  const dir = process.env.LOA_BENCH_PROFILE;
  if (!dir) return async () => {};
  fs.mkdirSync(dir, { recursive: true });
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  await session.post('HeapProfiler.enable');
  // The two include… options are V8's (Node's typings lack them): without them the profile shows only what is still alive.
  await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  return async (label) => {
    const { profile } = await session.post('Profiler.stop');
    const { profile: heap } = await session.post('HeapProfiler.stopSampling');
    const name = path.join(dir, `${String(++taken).padStart(2, '0')}-${label}`);
    fs.writeFileSync(`${name}.cpuprofile`, JSON.stringify(profile));
    fs.writeFileSync(`${name}.heapprofile`, JSON.stringify(heap));
    session.disconnect();
  };
}
