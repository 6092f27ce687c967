// The one line `tokenfold serve` prints once it listens: where to open it, which database, the token if one
// was generated (the only time it is shown: it is never logged). Text, or a JSON log record with --log-format json.
import { VERSION } from '../version.js';

export interface StartInfo {
  host: string;
  port: number;
  database: string;
  token: string | null;
  /** The token was generated (not given with --token, which is never echoed). */
  generated: boolean;
  interrupted: number;
  format: 'text' | 'json';
}

export function startLine(s: StartInfo): string {
  const host = s.host.includes(':') ? `[${s.host}]` : s.host;
  const base = `http://${host}:${s.port}`;
  const url = s.token !== null && s.generated ? `${base}/?token=${encodeURIComponent(s.token)}` : base;
  const recovered = s.interrupted > 0 ? `, ${s.interrupted} interrupted execution(s) recovered` : '';
  if (s.format === 'json') {
    return (
      JSON.stringify({
        level: 30,
        time: Date.now(),
        pid: process.pid,
        msg: 'listening',
        version: VERSION,
        url,
        database: s.database,
        tokenRequired: s.token !== null,
        interrupted: s.interrupted,
      }) + '\n'
    );
  }
  const token =
    s.token === null ? '' : s.generated ? ' (token generated: open this URL)' : ' (token required)';
  return `tokenfold ${VERSION} listening on ${url} database ${s.database}${recovered}${token}\n`;
}
