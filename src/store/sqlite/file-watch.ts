// Notices when the database file is deleted, replaced or made read-only under a running server: the
// open connection keeps working on the old inode, so without this nothing fails until a restart finds
// the data gone. A `stat` compares the path's device and inode with those the file had when opened.
import { accessSync, constants, statSync } from 'node:fs';

export type FileProblem = { kind: 'deleted' | 'replaced' | 'read-only' | 'unreadable'; reason: string };

export class FileWatch {
  readonly #path: string;
  readonly #dev: number;
  readonly #ino: number;

  /** Call right after opening `path`. */
  constructor(path: string) {
    const st = statSync(path);
    this.#path = path;
    this.#dev = st.dev;
    this.#ino = st.ino;
  }

  /** null while the path still names the open file and it can be written. */
  check(): FileProblem | null {
    const path = this.#path;
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        return {
          kind: 'deleted',
          reason: `database file ${path} was deleted while the server was running (new data goes to the deleted file; it is saved to that path at shutdown)`,
        };
      return {
        kind: 'unreadable',
        reason: `database file ${path} cannot be checked: ${code ?? String(err)}`,
      };
    }
    if (st.dev !== this.#dev || st.ino !== this.#ino) {
      return {
        kind: 'replaced',
        reason: `database file ${path} was replaced by another file while the server was running (new data goes to the old file; it is saved beside it at shutdown)`,
      };
    }
    // Permission bits first: root passes access(W_OK) whatever the mode, but the next start as a user would not.
    if ((st.mode & 0o222) === 0)
      return {
        kind: 'read-only',
        reason: `database file ${path} was made read-only (mode ${(st.mode & 0o777).toString(8)})`,
      };
    try {
      accessSync(path, constants.W_OK);
    } catch (err) {
      return {
        kind: 'read-only',
        reason: `database file ${path} is not writable (${(err as NodeJS.ErrnoException).code})`,
      };
    }
    return null;
  }
}
