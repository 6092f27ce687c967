// The package's entries load what they are for: the main entry reads and writes SQLite without loading
// Fastify, static file serving or the HTTP layer. Each entry is imported by its package name in a fresh
// process that records every module resolved (a loader hook) and every CommonJS module loaded.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/store-helpers.js';

const ROOT = join(import.meta.dirname, '..');
const HOOK = join(import.meta.dirname, 'support', 'module-log.mjs');

/** Modules loaded by `import(specifier)`: ESM URLs resolved plus CommonJS files required, and the entry's export names. */
function load(specifier: string): { modules: string[]; exports: string[] } {
  const tmp = tempDir('tf-entry-');
  try {
    const log = join(tmp.dir, 'modules.txt');
    const script = `import { createRequire } from 'node:module';
const m = await import(${JSON.stringify(specifier)});
const cjs = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify({ cjs, exports: Object.keys(m) }));`;
    // cwd = the package: the eval'd module resolves `tokenfold` by self-reference through package.json `exports`.
    const out = execFileSync(process.execPath, ['--import', HOOK, '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, TOKENFOLD_MODULE_LOG: log },
      encoding: 'utf8',
    });
    const { cjs, exports } = JSON.parse(out) as { cjs: string[]; exports: string[] };
    return { modules: [...readFileSync(log, 'utf8').split('\n').filter(Boolean), ...cjs], exports };
  } finally {
    tmp.cleanup();
  }
}

const WEB_SERVER =
  /node_modules\/(fastify|@fastify\/[^/]+|find-my-way|light-my-request|@sinclair\/typebox)\/|dist\/src\/http\//;

describe('package entries', () => {
  it('tokenfold: the store and replay, no web server', () => {
    const { modules, exports } = load('tokenfold');
    expect(modules.some((m) => m.includes('/dist/src/store/sqlite/sqlite-store.js'))).toBe(true);
    expect(modules.some((m) => m.includes('node_modules/better-sqlite3/'))).toBe(true);
    expect(modules.filter((m) => WEB_SERVER.test(m))).toEqual([]);
    expect(exports).toEqual(
      expect.arrayContaining([
        'SqliteStore',
        'ingestStream',
        'readRecords',
        'readEntries',
        'toMessages',
        'toConversation',
        'formatFor',
        'TokenfoldError',
        'RecordKind',
        'Eol',
      ]),
    );
    // Internals stay internal.
    for (const name of [
      'BatchWriter',
      'segmentInflater',
      'SegmentInflater',
      'Folder',
      'buildServer',
      'ExecutionManager',
    ])
      expect(exports).not.toContain(name);
  });

  it('tokenfold/server: Fastify and the HTTP layer (the check above can fail)', () => {
    const { modules, exports } = load('tokenfold/server');
    expect(modules.some((m) => /node_modules\/fastify\//.test(m))).toBe(true);
    expect(modules.some((m) => m.includes('/dist/src/http/server.js'))).toBe(true);
    expect(exports).toEqual(
      expect.arrayContaining(['buildServer', 'ExecutionManager', 'FEED_EVENTS', 'CURSOR_HEADERS']),
    );
  });

  it('tokenfold/slow-layout: inspect and import, no web server', () => {
    const { modules, exports } = load('tokenfold/slow-layout');
    expect(modules.filter((m) => WEB_SERVER.test(m))).toEqual([]);
    expect(exports.sort()).toEqual([
      'formatDiagnosis',
      'formatImportReport',
      'importSlowLayout',
      'inspectSlowLayout',
    ]);
  });

  it.each(['tokenfold/conversation', 'tokenfold/protocol'])(
    '%s: browser-safe (no Node built-in, no package, only its own modules)',
    (entry) => {
      const { modules, exports } = load(entry);
      const own = modules.filter((m) => m.includes('/dist/src/'));
      expect(own.length).toBeGreaterThan(0);
      // What a browser cannot load: a Node built-in, or anything from node_modules (the loader hook records both;
      // node:module is this test's own script).
      expect(
        modules.filter((m) => (m.startsWith('node:') && m !== 'node:module') || m.includes('node_modules/')),
      ).toEqual([]);
      expect(exports).toEqual(
        expect.arrayContaining(
          entry.endsWith('conversation')
            ? ['ConversationBuilder', 'parseMarkdown']
            : ['FEED_EVENTS', 'CURSOR_HEADERS'],
        ),
      );
    },
  );

  it('const enums are gone from the public types (objects a consumer can read at run time)', async () => {
    const { RecordKind, Eol } = await import('../src/index.js');
    expect(RecordKind).toEqual({ Lines: 1, Block: 2, Segment: 3, DeflateSegment: 4 });
    expect(Eol).toEqual({ Lf: 0, Crlf: 1, None: 2 });
    const dts = readdirSync(join(ROOT, 'dist/src'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.d.ts'),
    );
    expect(dts.length).toBeGreaterThan(50);
    expect(
      dts.filter((f) =>
        /^\s*(export )?declare const enum /m.test(readFileSync(join(ROOT, 'dist/src', f), 'utf8')),
      ),
    ).toEqual([]);
  });
});
