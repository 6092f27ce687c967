// Query parameters of the list, logs and stream routes: a caught-up poller gets an empty page, odd numbers are a
// 400 naming the parameter, and no query string at all (property-tested) gets a 5xx.
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestStream } from '../../src/pipeline/ingest.js';
import { startHarness, type Harness } from '../support/server-harness.js';

let h: Harness;
let id: string;
let lastSeq: number;
beforeAll(async () => {
  h = await startHarness();
  async function* lines() {
    yield Buffer.from(Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join(''));
  }
  ({ id } = (await ingestStream(h.store, lines(), { executor: 'plain', kind: 'script' })).execution);
  lastSeq = 39;
});
afterAll(async () => h?.close());

/** Status of a GET with a raw path (any bytes a client may send in a request target) and headers. */
function status(path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: h.port, path, headers: { host: `127.0.0.1:${h.port}`, ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const LOGS = () => `/api/executions/${id}/logs`;
const STREAM = () => `/api/executions/${id}/stream`;

describe('log paging', () => {
  it('a poller that is caught up (cursor = lastSeq, or beyond) gets an empty page, not a 500', async () => {
    for (const format of ['messages', 'deltas', 'raw', 'folded']) {
      for (const cursor of [lastSeq, lastSeq + 1, 1000]) {
        const r = await h.json(`${LOGS()}?format=${format}&cursor=${cursor}`);
        expect(r.status, `${format} cursor=${cursor}`).toBe(200);
        expect(r.body).toMatchObject({ items: [], nextCursor: null, lastSeq });
      }
    }
    const lines = await fetch(`${h.url}${LOGS()}?format=raw&as=lines&cursor=${lastSeq}`);
    expect(lines.status).toBe(200);
    expect(await lines.text()).toBe('');
  });

  it('1e3, 0x10, 20-digit numbers, fractions and blanks are a 400 naming the parameter', async () => {
    for (const [param, value] of [
      ['cursor', '1e3'],
      ['cursor', '0x10'],
      ['cursor', '12345678901234567890'],
      ['before', '1.5'],
      ['limit', ''],
      ['tail', ' 3'],
      ['limit', '0'],
      ['limit', '100001'],
      ['cursor', '-2'],
    ]) {
      const r = await h.json(`${LOGS()}?format=raw&${param}=${encodeURIComponent(value!)}`);
      expect(r.status, `${param}=${value}`).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid', field: param });
    }
    const list = await h.json('/api/executions?before=1e3');
    expect(list.body.error).toMatchObject({ field: 'before' });
    const stream = await h.json(`${STREAM()}?lastEventId=0x10`);
    expect(stream.body.error).toMatchObject({ field: 'lastEventId' });
    const header = await h.json(STREAM(), { headers: { 'last-event-id': '99999999999999999999' } });
    expect(header.body.error).toMatchObject({ field: 'Last-Event-ID' });
    const unknown = await h.json(`${LOGS()}?format=raw&cursr=3`);
    expect(unknown.body.error).toMatchObject({ field: 'cursr', message: 'cursr: unknown parameter' });
  });
});

/** A query value: arbitrary text, or something number-like that parsers disagree on. */
const value = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.integer().map(String),
  fc.integer({ min: -3, max: 120 }).map(String), // around the run's 40 seqs: inside, at the end, past it
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
  fc.double().map(String),
  fc.constantFrom(
    '',
    '-0',
    '1e3',
    '0x10',
    '0b1',
    '0o7',
    ' 1',
    '1 ',
    '+1',
    'NaN',
    'Infinity',
    '-1',
    '9007199254740993',
    '1,2',
    '[]',
    '{}',
    'null',
    'true',
  ),
);
const param = (names: string[]) => fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 }));
const query = (names: string[]) =>
  fc
    .array(fc.tuple(param(names), value), { maxLength: 6 })
    .map((pairs) => new URLSearchParams(pairs).toString());
/** A raw query string (no encoding): printable ASCII a client can put in a request target, `%` sequences included. */
const rawQuery = fc.string({
  unit: fc.constantFrom(..."abcdefgiklmnoprstuvwx0123456789=&%-+.,[]{}_~!*'();:@$/?".split('')),
  maxLength: 40,
});

describe('no query string gets a 5xx (property)', () => {
  const routes: [string, () => string, string[]][] = [
    ['list', () => '/api/executions', ['status', 'kind', 'limit', 'before', 'token']],
    ['logs', LOGS, ['format', 'as', 'cursor', 'before', 'limit', 'tail', 'token']],
    ['stream', STREAM, ['format', 'lastEventId', 'token']],
    ['unknown id', () => '/api/executions/nope/logs', ['format', 'cursor', 'limit']],
  ];
  for (const [name, path, names] of routes) {
    it(`${name}: encoded and raw query strings`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(query(names), rawQuery), async (q) => {
          const s = await status(`${path()}?${q}`);
          if (s >= 500 || s === 0) throw new Error(`${path()}?${q} answered ${s}`);
        }),
        { numRuns: 250 },
      );
    }, 120_000);
  }

  it('stream: any Last-Event-ID header', async () => {
    await fc.assert(
      fc.asyncProperty(
        value.filter((v) => /^[\x20-\x7e]*$/.test(v)),
        async (v) => {
          const s = await status(STREAM(), { 'last-event-id': v });
          if (s >= 500 || s === 0) throw new Error(`Last-Event-ID ${JSON.stringify(v)} answered ${s}`);
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000);
});
