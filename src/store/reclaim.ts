// Gives the space of deleted executions back to the filesystem in slices, letting the event loop turn
// between them: a vacuum of a few hundred MB in one statement would hold every live stream up.
import type { LogStore } from './contract.js';

/** Pages per slice: 1,024 pages of 4 KB (4 MB) is a few milliseconds of work. */
const SLICE_PAGES = 1024;

export async function reclaimAllSpace(store: LogStore, slicePages = SLICE_PAGES): Promise<void> {
  // Bounded: a store that keeps reporting free pages (another writer deleting meanwhile) is left to the next call.
  for (let i = 0; i < 100_000; i++) {
    if ((await store.reclaimSpace(slicePages)) === 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
