/**
 * Group commit for the publish hot path: calls made while a batch is being written wait and
 * go together in the next one (at most `maxSize`), so N jobs running at once cost about one
 * statement each for claim and record instead of N transactions. A lone call is written at
 * once (next turn of the event loop), without waiting. When the batch fails, every call in
 * it fails (each job then fails as a lone transaction would have).
 */
export function createGroupCommit<I, O>(write: (inputs: I[]) => Promise<O[]>, maxSize: number): (input: I) => Promise<O> {
  let waiting: { input: I; resolve: (o: O) => void; reject: (err: unknown) => void }[] = [];
  let writing = false;
  let scheduled = false;
  const flush = async () => {
    if (writing || waiting.length === 0) return;
    writing = true;
    const batch = waiting.length <= maxSize ? waiting : waiting.slice(0, maxSize);
    waiting = waiting.length <= maxSize ? [] : waiting.slice(maxSize);
    try {
      const outputs = await write(batch.map((b) => b.input));
      batch.forEach((b, i) => b.resolve(outputs[i]!));
    } catch (err) {
      for (const b of batch) b.reject(err);
    } finally {
      writing = false;
      void flush();
    }
  };
  // One flush scheduled for all the calls made in the same turn, not one per call.
  const scheduledFlush = () => {
    scheduled = false;
    void flush();
  };
  return (input) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(scheduledFlush);
      }
    });
}
