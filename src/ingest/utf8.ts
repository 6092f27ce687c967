// Decode bytes as UTF-8, detecting invalid sequences without a second full pass in the common case.

/** Returns the string when `buf` is valid UTF-8, otherwise null (so the caller keeps the bytes). */
export function decodeUtf8Exact(buf: Buffer): string | null {
  const text = buf.toString('utf8');
  // Fast path: a replacement character can only appear if the input was invalid or contained U+FFFD itself.
  if (text.indexOf('\uFFFD') === -1) return text;
  return Buffer.byteLength(text, 'utf8') === buf.length && Buffer.from(text, 'utf8').equals(buf) ? text : null;
}
