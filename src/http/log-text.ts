// Pino's JSON lines as one readable line each (`tokenfold serve`'s default): `tokenfold: warn: message`.
// Parsing each line costs nothing that matters: at the default levels only warnings and errors are written.

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

interface PinoLine {
  level?: number;
  msg?: string;
  reqId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string; stack?: string };
}

/** One JSON log line as text (a line that is not JSON is passed through). */
export function textLine(json: string): string {
  let o: PinoLine;
  try {
    o = JSON.parse(json) as PinoLine;
  } catch {
    return json;
  }
  const level = LEVELS[o.level ?? 30] ?? String(o.level);
  let s = `tokenfold: ${level === 'info' ? '' : `${level}: `}${o.reqId !== undefined ? `${o.reqId} ` : ''}${o.msg ?? ''}`;
  if (o.req?.method !== undefined) s += ` ${o.req.method} ${o.req.url ?? ''}`;
  if (o.res?.statusCode !== undefined)
    s += ` ${o.res.statusCode}${o.responseTime !== undefined ? ` ${o.responseTime.toFixed(1)} ms` : ''}`;
  if (o.err?.message !== undefined) s += `: ${o.err.message}`;
  // A stack only for bugs (errors), where it is what one needs.
  if (level === 'error' && o.err?.stack !== undefined) s += `\n${o.err.stack.replace(/^[^\n]*\n/, '')}`;
  return s + '\n';
}
