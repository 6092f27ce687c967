#!/usr/bin/env node
// `npm start`: build what is missing (server, web UI), then serve on http://127.0.0.1:3013.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const run = (args) => execFileSync(npx, args, { cwd: root, stdio: 'inherit' });
if (!existsSync(join(root, 'dist/src/cli/main.js'))) run(['tsc', '-p', 'tsconfig.json']);
if (!existsSync(join(root, 'web/dist/index.html')))
  run(['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
const child = spawn(process.execPath, [join(root, 'bin/tokenfold.js'), 'serve', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
