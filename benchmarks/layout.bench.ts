// `npm run bench:layout`: why log rows are clustered by a computed rowid, measured against the
// alternatives: WITHOUT ROWID (clustered, but large rows spill into overflow pages inside the b-tree)
// and a plain rowid table with a secondary index (rows of one execution scattered over the file).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { benchDir, fileBytes, median, saveResults } from './support.js';

const dir = benchDir();
const EXECUTIONS = 40;
const SPAN = 2 ** 24;

interface Layout {
  name: string;
  ddl: string;
  insert: string;
  read: string;
  args: (exec: number, rec: number) => unknown[];
  readArgs: (exec: number) => unknown[];
}

const layouts: Layout[] = [
  {
    name: 'rowid = exec * 2^24 + record (tokenfold)',
    ddl: 'CREATE TABLE r (id INTEGER PRIMARY KEY, body BLOB NOT NULL)',
    insert: 'INSERT INTO r (id, body) VALUES (?, ?)',
    read: 'SELECT body FROM r WHERE id >= ? AND id < ? ORDER BY id',
    args: (e, r) => [e * SPAN + r],
    readArgs: (e) => [e * SPAN, (e + 1) * SPAN],
  },
  {
    name: 'WITHOUT ROWID, PRIMARY KEY (exec, record)',
    ddl: 'CREATE TABLE r (exec INTEGER NOT NULL, rec INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY (exec, rec)) WITHOUT ROWID',
    insert: 'INSERT INTO r (exec, rec, body) VALUES (?, ?, ?)',
    read: 'SELECT body FROM r WHERE exec = ? ORDER BY rec',
    args: (e, r) => [e, r],
    readArgs: (e) => [e],
  },
  {
    name: 'rowid table + index (exec, record)',
    ddl: 'CREATE TABLE r (id INTEGER PRIMARY KEY, exec INTEGER NOT NULL, rec INTEGER NOT NULL, body BLOB NOT NULL); CREATE INDEX r_exec ON r (exec, rec)',
    insert: 'INSERT INTO r (exec, rec, body) VALUES (?, ?, ?)',
    read: 'SELECT body FROM r WHERE exec = ? ORDER BY rec',
    args: (e, r) => [e, r],
    readArgs: (e) => [e],
  },
];

const shapes = [
  { label: 'live records (200 × 8 KB per execution)', rows: 200, bytes: 8 * 1024 },
  { label: 'compacted segments (4 × 512 KB per execution)', rows: 4, bytes: 512 * 1024 },
];

const results: { layout: string; shape: string; readMs: number; fileBytes: number }[] = [];
for (const shape of shapes) {
  const body = Buffer.alloc(shape.bytes, 7);
  for (const l of layouts) {
    const path = join(dir, 'layout.db');
    rmSync(path, { force: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec(l.ddl);
    const ins = db.prepare(l.insert);
    // Executions write interleaved, as concurrent agents do: this is what scatters unclustered rows.
    db.transaction(() => {
      for (let r = 0; r < shape.rows; r++)
        for (let e = 1; e <= EXECUTIONS; e++) ins.run(...l.args(e, r), body);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const ro = new Database(path, { readonly: true });
    ro.pragma('cache_size = -2000');
    const read = ro.prepare(l.read);
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const e = 1 + ((i * 7) % EXECUTIONS);
      const t0 = performance.now();
      const rows = read.all(...l.readArgs(e));
      times.push(performance.now() - t0);
      if (rows.length !== shape.rows) throw new Error('wrong row count');
    }
    ro.close();
    results.push({ layout: l.name, shape: shape.label, readMs: median(times), fileBytes: fileBytes(path) });
  }
}
for (const shape of shapes) {
  process.stdout.write(`\n${shape.label}: read one execution (median of 15, small page cache)\n`);
  for (const r of results.filter((x) => x.shape === shape.label))
    process.stdout.write(
      `  ${r.layout.padEnd(45)} ${r.readMs.toFixed(2).padStart(8)} ms  ${(r.fileBytes / 1e6).toFixed(1).padStart(7)} MB\n`,
    );
}
process.stdout.write(`results: ${saveResults('layout', { results })}\n`);
