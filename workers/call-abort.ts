/**
 * The abort controller of one connector call, aborted too when the job's signal is. graphile's
 * `helpers.abortSignal` belongs to the worker and lives as long as the process: on Node 20,
 * `AbortSignal.any([it, own])` leaves a weak reference on it at every call, and cost 11-15 µs
 * more CPU per call than this listener (measured alone, with the HTTP client's own signals
 * around it) — once per delivery on the publish path. `release()` once the call is over.
 */
export function abortWithJob(jobSignal: AbortSignal): { controller: AbortController; release(): void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(jobSignal.reason);
  if (jobSignal.aborted) onAbort();
  else jobSignal.addEventListener('abort', onAbort, { once: true });
  return { controller, release: () => jobSignal.removeEventListener('abort', onAbort) };
}
