// POST /api/executions: a value of the wrong type, an unknown property or a missing directory is a 400 naming
// the field, and nothing is started.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/server-harness.js';

let h: Harness;
const dir = mkdtempSync(join(tmpdir(), 'tokenfold-body-'));
beforeAll(async () => {
  h = await startHarness();
  writeFileSync(join(dir, 'a-file'), '');
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown) =>
  h.json('/api/executions', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('strict request bodies', () => {
  const cases: [string, unknown, string][] = [
    ['a number for the prompt', { executor: 'claude-code', prompt: 123 }, 'prompt'],
    ['a boolean for the prompt of the demo', { executor: 'demo', prompt: true }, 'prompt'],
    ['an array for the command', { executor: 'command', command: ['ls', '-l'] }, 'command'],
    ['a number for the label', { executor: 'command', command: 'true', label: 5 }, 'label'],
    ['null for the cwd', { executor: 'command', command: 'true', cwd: null }, 'cwd'],
    ['an unknown property', { executor: 'command', command: 'true', env: { PATH: '/tmp' } }, 'env'],
    ['a misspelt property', { executor: 'demo', promt: 'hi' }, 'promt'],
    ['a missing executor', { prompt: 'hi' }, 'executor'],
    ['an unknown executor', { executor: 'bash', command: 'true' }, 'executor'],
    ['a body that is an array', [{ executor: 'demo' }], 'body'],
    ['a body that is a string', '"demo"', 'body'],
    [
      'a nonexistent cwd (command)',
      { executor: 'command', command: 'true', cwd: join(dir, 'missing') },
      'cwd',
    ],
    ['a nonexistent cwd (demo)', { executor: 'demo', cwd: join(dir, 'missing') }, 'cwd'],
    [
      'a nonexistent cwd (claude-code)',
      { executor: 'claude-code', prompt: 'hi', cwd: join(dir, 'missing') },
      'cwd',
    ],
    ['a cwd that is a file', { executor: 'demo', cwd: join(dir, 'a-file') }, 'cwd'],
    ['an empty cwd', { executor: 'command', command: 'true', cwd: '' }, 'cwd'],
  ];
  for (const [what, body, field] of cases) {
    it(`${what}: 400 naming ${field}`, async () => {
      const before = (await h.store.listExecutions({ limit: 500 })).length;
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid', field });
      expect(r.body.error.message).toMatch(new RegExp(`^${field}: `));
      expect((await h.store.listExecutions({ limit: 500 })).length).toBe(before);
    });
  }

  it('a well-formed body still starts the execution', async () => {
    const r = await post({ executor: 'command', command: 'echo ok', cwd: dir, label: 'fine' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ command: 'echo ok', cwd: dir, label: 'fine' });
  });
});
