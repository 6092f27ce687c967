// `tokenfold logs ID --format conversation --follow` prints a running execution until it ends.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAKE_CLAUDE } from './support/server-harness.js';
import { CLI, serveProcess } from './support/server-process.js';
import { tempDir } from './support/store-helpers.js';

const tmp = tempDir('tokenfold-follow-');
afterAll(() => tmp.cleanup());

describe('logs --follow', () => {
  it('prints entries while the run streams and stops when it finishes', async () => {
    const db = join(tmp.dir, 'follow.db');
    const server = await serveProcess(db, ['--claude-bin', FAKE_CLAUDE, '--demo-speed', '8']);
    try {
      const run = await server.json('/api/executions', {
        method: 'POST',
        body: JSON.stringify({ executor: 'demo', prompt: 'follow me' }),
      });
      const started = Date.now();
      const child = spawn(
        process.execPath,
        [CLI, 'logs', '--db', db, run.body.id, '--format', 'conversation', '--follow'],
        { env: { ...process.env, NO_COLOR: '1' } },
      );
      let out = '';
      let firstOutputAt = 0;
      child.stdout.on('data', (c: Buffer) => {
        firstOutputAt ||= Date.now();
        out += c.toString();
      });
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      const finishedAt = Date.now();
      expect(code).toBe(0);
      const final = (await server.json(`/api/executions/${run.body.id}`)).body;
      expect(final.status).toBe('completed');
      expect(out).toMatch(/— completed \(exit 0\)\n$/);
      // Output came while the run was still going, not only at the end.
      expect(firstOutputAt - started).toBeLessThan(finishedAt - started - 500);
      const conv = (await server.json(`/api/executions/${run.body.id}/logs?format=conversation`)).body
        .items as { kind: string; text?: string }[];
      const lastText = conv.filter((e) => e.kind === 'assistant-text').at(-1)!.text!;
      expect(out).toContain(lastText.split('\n')[0]!.slice(0, 40));
    } finally {
      await server.stop();
    }
  });
});
