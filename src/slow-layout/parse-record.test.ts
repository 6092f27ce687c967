import { describe, expect, it } from 'vitest';
import { isDeltaLine } from './claude-delta.js';
import { LineJoiner, type LegacyLine } from './line-joiner.js';
import { forEachRecord, parseRecord, type Eol } from './parse-record.js';

const records = (logs: string) => {
  const out: [string, Eol][] = [];
  forEachRecord(logs, (raw, eol) => out.push([raw, eol]));
  return out;
};

describe('parseRecord', () => {
  it('reads output chunks and keeps other record kinds distinguishable', () => {
    expect(parseRecord('{"Stdout":"a\\n"}')).toEqual({ kind: 'stdout', text: 'a\n' });
    expect(parseRecord('{"Stderr":""}')).toEqual({ kind: 'stderr', text: '' });
    expect(parseRecord('{"SessionId":"s-1"}')).toEqual({ kind: 'event', tag: 'SessionId', value: 's-1' });
    expect(parseRecord('{"JsonPatch":[{"op":"add","path":"/x","value":1}]}')).toEqual({
      kind: 'event',
      tag: 'JsonPatch',
      value: [{ op: 'add', path: '/x', value: 1 }],
    });
    expect(parseRecord('"Finished"')).toEqual({ kind: 'event', tag: 'Finished', value: null });
    expect(parseRecord('{"Finished":null}')).toEqual({ kind: 'event', tag: 'Finished', value: null });
  });

  it('calls anything else malformed', () => {
    for (const raw of [
      'not json',
      '{"Stdout":',
      '{"Stdout":5}',
      '{"Stderr":null}',
      '{}',
      '[1]',
      '42',
      'null',
      '"lower"',
      '{"Stdout":"a","Stderr":"b"}',
      '{"bad tag":1}',
    ])
      expect(parseRecord(raw), raw).toEqual({ kind: 'malformed' });
  });
});

describe('forEachRecord', () => {
  it('splits a logs value into JSONL records, skipping blank lines between them', () => {
    expect(records('{"Stdout":"a"}\n')).toEqual([['{"Stdout":"a"}', 'lf']]);
    expect(records('{"Stdout":"a"}')).toEqual([['{"Stdout":"a"}', 'none']]);
    expect(records('{"Stdout":"a"}\r\n\n{"Stderr":"b"}\n')).toEqual([
      ['{"Stdout":"a"}', 'crlf'],
      ['{"Stderr":"b"}', 'lf'],
    ]);
  });

  it('passes an all-blank value on whole so it is not lost', () => {
    expect(records('')).toEqual([['', 'none']]);
    expect(records('  \n')).toEqual([['  ', 'lf']]);
  });
});

describe('LineJoiner', () => {
  const join = (chunks: ['stdout' | 'stderr', string, string][]) => {
    const j = new LineJoiner();
    const out: LegacyLine[] = [];
    for (const [stream, text, at] of chunks) j.push(stream, text, at, out);
    j.flush(out);
    return out;
  };

  it('carries a partial line per stream, dated by its first chunk', () => {
    expect(
      join([
        ['stdout', 'par', 't1'],
        ['stderr', 'e1\n', 't2'],
        ['stdout', 'tial\r', 't3'],
        ['stdout', '\nx\ny', 't4'],
        ['stderr', 'tail', 't5'],
      ]),
    ).toEqual([
      { stream: 'stderr', text: 'e1', eol: 'lf', at: 't2' },
      { stream: 'stdout', text: 'partial', eol: 'crlf', at: 't1' },
      { stream: 'stdout', text: 'x', eol: 'lf', at: 't4' },
      { stream: 'stdout', text: 'y', eol: 'none', at: 't4' },
      { stream: 'stderr', text: 'tail', eol: 'none', at: 't5' },
    ]);
  });

  it('flushes partial lines in the order they began', () => {
    expect(
      join([
        ['stderr', 'b', 't1'],
        ['stdout', 'a', 't2'],
      ]).map((l) => l.stream),
    ).toEqual(['stderr', 'stdout']);
  });

  it('keeps empty lines and a lone CR inside a line', () => {
    expect(join([['stdout', '\n\r\na\rb\n', 't']]).map((l) => [l.text, l.eol])).toEqual([
      ['', 'lf'],
      ['', 'crlf'],
      ['a\rb', 'lf'],
    ]);
  });
});

describe('isDeltaLine', () => {
  const delta =
    '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}},"session_id":"s","parent_tool_use_id":null,"uuid":"u"}';
  it('recognises one Claude Code content_block_delta line, with or without its newline', () => {
    expect(isDeltaLine(delta)).toBe(true);
    expect(isDeltaLine(delta + '\n')).toBe(true);
    expect(isDeltaLine('{"_t":1,' + delta.slice(1) + '\r\n')).toBe(true);
  });
  it('rejects other events, several lines, and mentions inside strings', () => {
    expect(isDeltaLine(delta.replace('content_block_delta', 'content_block_start'))).toBe(false);
    expect(isDeltaLine(delta + '\n' + delta + '\n')).toBe(false);
    expect(isDeltaLine(' ' + delta)).toBe(false);
    expect(isDeltaLine(JSON.stringify({ type: 'assistant', text: delta }))).toBe(false);
  });
});
