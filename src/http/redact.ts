// Keeps the access token out of request logs and error messages: `token` query values and the token's own text.
export type Redact = (text: string) => string;

export const REDACTED = '[redacted]';
/** A `token=` query value inside any text (a URL in a message, a stack trace). */
const TOKEN_PARAM = /([?&;]token=)[^&#\s"'\\]*/gi;

/** Replaces `token=` values and every occurrence of the token and other secrets (as is, URL-encoded, JSON-escaped). */
export function redactor(token: string | null, ...secrets: string[]): Redact {
  const forms = [
    ...new Set(
      [token, ...secrets].flatMap((t) =>
        t === null ? [] : [t, encodeURIComponent(t), JSON.stringify(t).slice(1, -1)],
      ),
    ),
  ];
  return (text) => {
    let out = text.replace(TOKEN_PARAM, '$1' + REDACTED);
    for (const f of forms) if (out.includes(f)) out = out.split(f).join(REDACTED);
    return out;
  };
}

/** A request URL with the value of every parameter whose decoded name is `token` replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const pairs = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return decodedName(name) === 'token' ? `${name}=${REDACTED}` : pair;
    });
  return url.slice(0, q + 1) + pairs.join('&');
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
