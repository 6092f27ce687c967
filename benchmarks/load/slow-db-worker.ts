// One slow-layout database connection on its own thread, as the old app's async SQLite driver ran each
// connection: the writer inserts one autocommitted row per line and runs the hook query, the reader serves
// full-history reads. busy_timeout is 0 (the old app's default), so overlapping reads and writes fail
// with SQLITE_BUSY "database is locked" instead of waiting.
import { parentPort, workerData } from 'node:worker_threads';
import { SlowLayoutReader } from '../../src/slow-layout/slow-reader.js';
import { SlowLayoutWriter } from '../../src/slow-layout/slow-writer.js';

export type WriterIn =
  | { t: 'exec'; id: string; startedAt: string }
  | { t: 'lines'; id: string; lines: string[] }
  | { t: 'finish'; id: string; status: string; exitCode: number | null };
export type WriterOut =
  | { t: 'ready' }
  | { t: 'row'; id: string; line: string }
  | { t: 'lost'; id: string; lock: boolean; message: string }
  | { t: 'finished'; id: string }
  | { t: 'busy' };
export type ReaderIn = { t: 'read'; req: number; id: string };
export type ReaderOut =
  | { t: 'history'; req: number; messages: string[] }
  | { t: 'error'; req: number; lock: boolean; message: string };

export const isLockError = (err: unknown): boolean =>
  /SQLITE_BUSY|database is locked/i.test(`${(err as { code?: string }).code} ${(err as Error).message}`);

const port = parentPort!;
const { role, path } = workerData as { role: 'writer' | 'reader'; path: string };

if (role === 'writer') {
  const w = new SlowLayoutWriter(path);
  w.db.pragma('busy_timeout = 0');
  const post = (m: WriterOut) => port.postMessage(m);
  port.on('message', (m: WriterIn) => {
    if (m.t === 'lines') {
      for (const line of m.lines) {
        try {
          w.appendLine(m.id, 'stdout', line); // insert, then the hook query re-reads the row
          post({ t: 'row', id: m.id, line });
        } catch (err) {
          post({ t: 'lost', id: m.id, lock: isLockError(err), message: (err as Error).message });
        }
      }
    } else if (m.t === 'exec') {
      retryLocked(() => w.addExecution({ id: m.id, kind: 'coding-agent', startedAt: m.startedAt }));
    } else {
      retryLocked(() => w.finish(m.id, m.status, m.exitCode, new Date().toISOString()));
      post({ t: 'finished', id: m.id });
    }
  });
  post({ t: 'ready' });
} else {
  const r = new SlowLayoutReader(path);
  r.db.pragma('busy_timeout = 0');
  port.on('message', (m: ReaderIn) => {
    try {
      port.postMessage({ t: 'history', req: m.req, messages: r.readHistory(m.id) } satisfies ReaderOut);
    } catch (err) {
      port.postMessage({
        t: 'error',
        req: m.req,
        lock: isLockError(err),
        message: (err as Error).message,
      } satisfies ReaderOut);
    }
  });
}

/** Execution rows must exist (the log rows reference them): the old app's request would have failed and been retried. */
function retryLocked(fn: () => void): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; ; i++) {
    try {
      return fn();
    } catch (err) {
      if (!isLockError(err) || i >= 200) throw err;
      port.postMessage({ t: 'busy' } satisfies WriterOut);
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}
