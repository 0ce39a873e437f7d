import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';

/** A `loa worker` process as production runs it, watched through /proc. */
export interface WorkerProcess {
  pid: number;
  /** The last lines it printed (for error messages). */
  tail(): string;
  /** SIGTERM (graceful: in-flight jobs finish or are released), SIGKILL after 15 s. */
  stop(): Promise<void>;
}

export async function spawnLoaWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['scripts/loa.mjs', 'worker'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out.slice(-2000)}`)), 60_000);
    const onData = () => {
      if (!out.includes('"msg":"worker started"')) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve();
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}):\n${out.slice(-2000)}`)));
  });
  return {
    pid: child.pid!,
    tail: () => out.split('\n').slice(-12).join('\n'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident set now and its peak (VmHWM) of `pid`, in bytes. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Resets VmHWM to the current RSS (Linux clear_refs 5); false when not permitted. */
export function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Samples VmRSS every `everyMs` until stopped; returns every sample. */
export function sampleRss(pid: number, everyMs: number): { stop(): number[] } {
  const samples: number[] = [];
  const take = () => {
    try {
      samples.push(memoryOf(pid).rss);
    } catch {
      // the process is gone; the caller notices
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}
