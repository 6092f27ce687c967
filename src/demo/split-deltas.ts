// Cutting a block's text into delta pieces, and tool input JSON the way the API streams it.
import type { Rng } from './prng.js';

export type DeltaStyle = 'word' | 'chunk';

/**
 * Exactly `k` non-empty pieces that concatenate to `text` (needs text.length >= k).
 * 'word': cuts before spaces/newlines (one word per delta when the text has ~k words);
 * 'chunk': evenly spaced cuts with jitter, anywhere (mid-word, like newer models).
 */
export function splitText(text: string, k: number, style: DeltaStyle, rng: Rng): string[] {
  if (k <= 1 || text.length <= 1) return [text];
  k = Math.min(k, text.length);
  const cuts = style === 'word' ? wordCuts(text, k) : null;
  return slices(text, cuts ?? chunkCuts(text, k, rng));
}

function wordCuts(text: string, k: number): number[] | null {
  const bounds: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const p = text.charCodeAt(i - 1);
    if ((c === 32 || c === 10) && p !== 32 && p !== 10) bounds.push(i);
  }
  if (bounds.length < k - 1) return null;
  const cuts: number[] = [];
  for (let j = 1; j < k; j++) cuts.push(bounds[Math.floor((j * bounds.length) / k)]!);
  return cuts;
}

function chunkCuts(text: string, k: number, rng: Rng): number[] {
  const L = text.length;
  const step = L / k;
  const cuts: number[] = [];
  let prev = 0;
  for (let j = 1; j < k; j++) {
    let c = Math.round(j * step + (rng.next() - 0.5) * 0.7 * step);
    c = Math.min(Math.max(c, prev + 1), L - (k - j));
    // Never split a surrogate pair.
    if (isHigh(text.charCodeAt(c - 1)) && c + 1 <= L - (k - j)) c++;
    cuts.push(c);
    prev = c;
  }
  return cuts;
}

function slices(text: string, cuts: number[]): string[] {
  const out: string[] = [];
  let prev = 0;
  for (const c of cuts) (out.push(text.slice(prev, c)), (prev = c));
  out.push(text.slice(prev));
  return out;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** JSON as the API streams tool input: `{"command": "ls", "timeout": 60000}` (spaces after `:` and `,`). */
export function apiJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(apiJson).join(', ') + ']';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value))
    if (v !== undefined) parts.push(JSON.stringify(k) + ': ' + apiJson(v));
  return '{' + parts.join(', ') + '}';
}

/** input_json_delta payloads: an empty first piece (as Claude Code prints), then 8–90 character pieces. */
export function splitJson(json: string, rng: Rng): string[] {
  const out = [''];
  let pos = 0;
  while (pos < json.length) {
    let end = Math.min(json.length, pos + rng.int(8, 90));
    if (end < json.length && isHigh(json.charCodeAt(end - 1))) end++;
    out.push(json.slice(pos, end));
    pos = end;
  }
  return out;
}
