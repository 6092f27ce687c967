// Long work on the main thread (compaction, a page of a million-line history, an SSE history) lets the
// event loop turn every few milliseconds, so live streams and requests are never held up behind it.

/** Returns a function to call between units of work: it resolves at the next loop turn once `sliceMs` have passed. */
export function slicer(sliceMs = 8): () => Promise<void> | void {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}
