// Member spans of a JSON object read in place (json-scan), for classifiers on the per-line hot path:
// spans are written into a caller-owned number array, so classifying a line allocates no object tree.
import { keyIs, skipWs, stringEnd, valueEnd } from './json-scan.js';

/** Member spans of the object at `pos` as [keyStart, keyEnd, valueStart, valueEnd, …]; returns its end or -1. */
export function members(s: string, pos: number, out: number[]): number {
  out.length = 0;
  if (s.charCodeAt(pos) !== 123) return -1;
  let i = skipWs(s, pos + 1);
  if (s.charCodeAt(i) === 125) return i + 1;
  for (;;) {
    const ke = stringEnd(s, i);
    if (ke < 0) return -1;
    const colon = skipWs(s, ke);
    if (s.charCodeAt(colon) !== 58) return -1;
    const vs = skipWs(s, colon + 1);
    const ve = valueEnd(s, vs);
    if (ve < 0) return -1;
    out.push(i, ke, vs, ve);
    i = skipWs(s, ve);
    const c = s.charCodeAt(i);
    if (c === 125) return i + 1;
    if (c !== 44) return -1;
    i = skipWs(s, i + 1);
  }
}

/** Index of the value span of `name` among `spans` (the last one, as JSON.parse would take), or -1. */
export function find(s: string, spans: number[], name: string): number {
  for (let i = spans.length - 4; i >= 0; i -= 4) if (keyIs(s, spans[i]!, spans[i + 1]!, name)) return i + 2;
  return -1;
}

/** Whether the value at spans[at] is exactly the JSON string `"value"` (no escapes). */
export function isString(s: string, spans: number[], at: number, value: string): boolean {
  return (
    at >= 0 &&
    spans[at + 1]! - spans[at]! === value.length + 2 &&
    s.charCodeAt(spans[at]!) === 34 &&
    s.startsWith(value, spans[at]! + 1)
  );
}

/** Whether the value at spans[at] is the literal `true`. */
export function isTrue(s: string, spans: number[], at: number): boolean {
  return at >= 0 && spans[at + 1]! - spans[at]! === 4 && s.startsWith('true', spans[at]!);
}

/** Span of the only element of the array at `pos` ([start, end] into `out`), or false when it has not exactly one. */
export function onlyElement(s: string, pos: number, out: number[]): boolean {
  if (s.charCodeAt(pos) !== 91) return false;
  const vs = skipWs(s, pos + 1);
  const ve = valueEnd(s, vs);
  if (ve < 0 || s.charCodeAt(skipWs(s, ve)) !== 93) return false;
  out[0] = vs;
  out[1] = ve;
  return true;
}
