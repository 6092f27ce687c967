// Size after import, estimated: kept payload × a brotli ratio measured on a sample of that payload.
// Compression uses the segment codec the import writes with, so the ratio is the one compaction gets;
// samples are ≤ 64 KB per execution (real segments are up to 4 MB), which makes the ratio a little
// pessimistic (brotli finds less to reuse in a short text).
import { SEGMENT_TARGET_BYTES, compressSegment } from '../records/segment-codec.js';

const PER_EXECUTION = 64 * 1024;
const TOTAL = 2 * 1024 * 1024;

/** One execution's share of the estimate. */
export interface EstimatePart {
  kept: number;
  sample: string[];
  sampleBytes: number;
}

export class ImportEstimate {
  rows = 0;
  keptBytes = 0;
  sampleBytes = 0;
  compressedBytes = 0;
  #sampled = 0;

  part(): EstimatePart {
    return { kept: 0, sample: [], sampleBytes: 0 };
  }

  /** Payload the import keeps (every record except Claude deltas, which fold into the message they build). */
  keep(p: EstimatePart, text: string, bytes: number): void {
    p.kept += bytes;
    if (p.sampleBytes < PER_EXECUTION && this.#sampled < TOTAL) {
      p.sample.push(text);
      p.sampleBytes += bytes;
      this.#sampled += bytes;
    }
  }

  /** Adds one execution with logs: it becomes ⌈kept / segment size⌉ segments, at least one row. */
  add(p: EstimatePart): void {
    this.rows += Math.max(1, Math.ceil(p.kept / SEGMENT_TARGET_BYTES));
    this.keptBytes += p.kept;
    if (p.sample.length === 0) return;
    this.compressedBytes += compressSegment([p.sample.join('')]).length;
    this.sampleBytes += p.sampleBytes;
  }

  get ratio(): number {
    return this.sampleBytes === 0 ? 0 : this.compressedBytes / this.sampleBytes;
  }

  get bytes(): number {
    return Math.round(this.keptBytes * this.ratio);
  }
}
