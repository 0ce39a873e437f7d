/** The calls running under each job signal, aborted together by its one listener. */
const callsBySignal = new WeakMap<AbortSignal, Set<AbortController>>();

/**
 * The abort controller of one connector call, aborted too when the job's signal is. graphile's
 * `helpers.abortSignal` belongs to the worker and lives as long as the process: on Node 20,
 * `AbortSignal.any([it, own])` leaves a weak reference on it at every call, and cost 11-15 µs
 * more CPU per call than a listener (measured alone, with the HTTP client's own signals
 * around it) — once per delivery on the publish path. A listener per call still cost an
 * `addEventListener` and a `removeEventListener` on it per delivery (EventTarget's are slow on
 * Node 20), so each signal gets one listener, added with its first call, that aborts every
 * call registered then. `release()` once the call is over.
 */
export function abortWithJob(jobSignal: AbortSignal): { controller: AbortController; release(): void } {
  const controller = new AbortController();
  if (jobSignal.aborted) {
    controller.abort(jobSignal.reason);
    return { controller, release() {} };
  }
  let calls = callsBySignal.get(jobSignal);
  if (!calls) {
    const running = new Set<AbortController>();
    jobSignal.addEventListener(
      'abort',
      () => {
        for (const c of running) c.abort(jobSignal.reason);
        running.clear();
      },
      { once: true },
    );
    callsBySignal.set(jobSignal, (calls = running));
  }
  const registered = calls;
  registered.add(controller);
  return {
    controller,
    release() {
      registered.delete(controller);
    },
  };
}
