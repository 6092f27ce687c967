// Gives the space of deleted executions back to the filesystem in slices, letting the event loop turn
// between them: a vacuum of a few hundred MB in one statement would hold every live stream up.
import type { LogStore } from './contract.js';

/** Pages per slice: 1,024 pages of 4 KB (4 MB) is a few milliseconds of work. */
const SLICE_PAGES = 1024;

export async function reclaimAllSpace(store: LogStore, slicePages = SLICE_PAGES): Promise<void> {
  // Stops when nothing is left, or when a slice gave nothing back (another connection holding pages, or
  // deleting meanwhile): the next call carries on.
  for (
    let before = Infinity, left = await store.reclaimSpace(slicePages);
    left > 0 && left < before;
    before = left, left = await store.reclaimSpace(slicePages)
  ) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
