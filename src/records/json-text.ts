// How a folded payload's JSON text is regenerated: as JSON.stringify writes it, or with every non-ASCII
// character as a \\u escape (Python's json.dumps default, common in capture tools).

export const Escape = { Json: 0, Ascii: 1 } as const;
export type Escape = (typeof Escape)[keyof typeof Escape];

const NON_ASCII = /[\u0080-\uffff]/g;
const hex4 = (ch: string) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');

/** The JSON text of `s` in the given escaping. */
export function jsonText(s: string, escape: Escape): string {
  const j = JSON.stringify(s);
  return escape === Escape.Json ? j : j.replace(NON_ASCII, hex4);
}

/** The escaping that writes `s` exactly as `raw`, or null when neither does. */
export function escapeOf(s: string, raw: string): Escape | null {
  if (JSON.stringify(s) === raw) return Escape.Json;
  return jsonText(s, Escape.Ascii) === raw ? Escape.Ascii : null;
}
