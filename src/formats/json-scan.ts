// Reads JSON text in place: where a value starts and ends, without building it. Agent formats use it on
// the per-delta hot path to find a delta's payload string and a few envelope fields without JSON.parse
// (which allocates the whole object tree). Every function returns -1 for text that is not valid JSON
// there; callers then treat the line as one they cannot fold.

/** Position of the first character at or after `pos` that is not JSON whitespace. */
export function skipWs(s: string, pos: number): number {
  for (;;) {
    const c = s.charCodeAt(pos);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return pos;
    pos++;
  }
}

/** End (exclusive) of the JSON string whose opening quote is at `pos`, or -1. */
export function stringEnd(s: string, pos: number): number {
  if (s.charCodeAt(pos) !== 34) return -1;
  let i = pos + 1;
  for (;;) {
    const q = s.indexOf('"', i);
    if (q < 0) return -1;
    let bs = 0;
    for (let j = q - 1; j > pos && s.charCodeAt(j) === 92; j--) bs++;
    if ((bs & 1) === 0) return q + 1;
    i = q + 1;
  }
}

/** End (exclusive) of the JSON value starting at `pos` (no leading whitespace), or -1. */
export function valueEnd(s: string, pos: number): number {
  const c = s.charCodeAt(pos);
  if (c === 34) return stringEnd(s, pos);
  if (c === 123 || c === 91) return containerEnd(s, pos);
  // Number or literal: up to the next delimiter; its text is checked by the caller when it matters.
  let i = pos;
  for (;;) {
    const d = s.charCodeAt(i);
    if (d !== d || d === 44 || d === 125 || d === 93 || d === 32 || d === 9 || d === 10 || d === 13) break;
    i++;
  }
  return i === pos ? -1 : i;
}

/** End of the object or array opening at `pos`: brackets balanced, strings skipped. */
function containerEnd(s: string, pos: number): number {
  let depth = 0;
  let i = pos;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c !== c) return -1;
    if (c === 34) {
      i = stringEnd(s, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      if (--depth === 0) return i + 1;
    }
    i++;
  }
}

/** Whether the key string spanning [start, end) (quotes included) is exactly `"name"`. */
export function keyIs(s: string, start: number, end: number, name: string): boolean {
  return end - start === name.length + 2 && s.startsWith(name, start + 1);
}

/**
 * Walks the members of the object opening at `pos`, calling `member(keyStart, keyEnd, valueStart, valueEnd)`
 * (key spans include the quotes). Returns the end of the object, or -1 when it is not valid JSON or
 * `member` returns false (stop).
 */
export function walkObject(
  s: string,
  pos: number,
  member: (ks: number, ke: number, vs: number, ve: number) => boolean,
): number {
  if (s.charCodeAt(pos) !== 123) return -1;
  let i = skipWs(s, pos + 1);
  if (s.charCodeAt(i) === 125) return i + 1;
  for (;;) {
    const ks = i;
    const ke = stringEnd(s, ks);
    if (ke < 0) return -1;
    i = skipWs(s, ke);
    if (s.charCodeAt(i) !== 58) return -1;
    const vs = skipWs(s, i + 1);
    const ve = valueEnd(s, vs);
    if (ve < 0 || !member(ks, ke, vs, ve)) return -1;
    i = skipWs(s, ve);
    const c = s.charCodeAt(i);
    if (c === 125) return i + 1;
    if (c !== 44) return -1;
    i = skipWs(s, i + 1);
  }
}

/**
 * The value of the JSON string spanning [start, end) (quotes included), or null when it is not a valid
 * JSON string. When nothing is escaped it is a plain slice.
 */
export function readString(s: string, start: number, end: number): string | null {
  const raw = s.slice(start + 1, end - 1);
  if (raw.indexOf('\\') === -1) {
    // Unescaped control characters are invalid JSON.
    for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) < 32) return null;
    return raw;
  }
  try {
    return JSON.parse(s.slice(start, end)) as string;
  } catch {
    return null;
  }
}
