#!/usr/bin/env node
// Installs an agent CLI from the npm registry into a cache folder (never a project dependency) and finds its executable.
// Usage: node scripts/agent-cli.mjs [--version V|latest] [--cache DIR]   → prints "VERSION<TAB>EXECUTABLE".
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Claude Code: the version the real-CLI tests pin (newest published when pinned). */
export const CLAUDE_CODE = { pkg: '@anthropic-ai/claude-code', pinned: '2.1.332' };

/** The other agents' CLIs the real-CLI tests run (test/real-cli/other-agents.test.ts), at the versions seen working. */
export const OTHER_AGENT_CLIS = {
  codex: { pkg: '@openai/codex', pinned: '0.171.0' },
  gemini: { pkg: '@google/gemini-cli', pinned: '0.61.0' },
  'qwen-code': { pkg: '@qwen-code/qwen-code', pinned: '0.24.4' },
};

export const DEFAULT_CACHE =
  process.env.TOKENFOLD_AGENT_CLI_CACHE || join(homedir(), '.cache', 'tokenfold', 'agent-clis');

const MARKER = 'tokenfold-agent-cli.json';
const STALE_TMP_MS = 60 * 60 * 1000;

/** The CLI could not be installed or run (no registry access, no binary for this platform, …). */
export class AgentCliUnavailable extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'AgentCliUnavailable';
  }
}

function npm(args, timeoutMs) {
  const r = spawnSync('npm', args, {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (r.error) throw new AgentCliUnavailable(`npm ${args[0]} failed: ${r.error.message}`, { cause: r.error });
  if (r.status !== 0) {
    // npm's first error lines say what happened (code, then the message); the rest is a stack and a log path.
    const lines = (r.stderr || r.stdout)
      .split('\n')
      .filter((l) => l.startsWith('npm error') && !/^npm error\s+at |complete log|syscall|errno/.test(l));
    const why =
      lines
        .slice(0, 2)
        .map((l) => l.replace(/^npm error\s*/, ''))
        .join(': ') || `exit ${r.status}`;
    throw new AgentCliUnavailable(`npm ${args.slice(0, 2).join(' ')} exited ${r.status}: ${why}`);
  }
  return r.stdout;
}

/** The newest published version of `pkg` (asks the registry). */
export function latestVersion(pkg) {
  return npm(['view', pkg, 'version', '--fetch-retries=1'], 60_000).trim();
}

/** True when `file --version` runs and prints `version` (a temporary HOME keeps it off the user's config). */
function printsVersion(file, version) {
  const home = mkdtempSync(join(tmpdir(), 'tokenfold-agent-cli-home-'));
  try {
    const r = spawnSync(file, ['--version'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return r.status === 0 && r.stdout.includes(version);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function isExecutableFile(p) {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The package's executable under `prefix`: its declared `bin` when that runs (a JS cli.js, or a native binary the
 * postinstall copied in), else the native binary of the platform package among its optionalDependencies (what the
 * postinstall would have copied; we install with --ignore-scripts so no third-party script runs).
 */
function findExecutable(prefix, pkg, version) {
  const pkgDir = join(prefix, 'node_modules', pkg);
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const declared = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin ?? {})[0];
  const candidates = declared ? [join(pkgDir, declared)] : [];
  for (const dep of Object.keys(manifest.optionalDependencies ?? {})) {
    const depDir = join(prefix, 'node_modules', dep);
    if (!existsSync(join(depDir, 'package.json'))) continue; // npm installs only the one matching this os/cpu/libc
    const files = JSON.parse(readFileSync(join(depDir, 'package.json'), 'utf8')).files ?? readdirSync(depDir);
    for (const f of files)
      if (!/\.(md|json)$/i.test(f) && isExecutableFile(join(depDir, f))) candidates.push(join(depDir, f));
  }
  const found = candidates.find((c) => isExecutableFile(c) && printsVersion(c, version));
  if (!found)
    throw new AgentCliUnavailable(
      `${pkg}@${version}: no executable that prints its version among ${candidates.map((c) => relative(prefix, c)).join(', ') || 'nothing'}`,
    );
  return found;
}

function readyInstall(dir, version) {
  try {
    const m = JSON.parse(readFileSync(join(dir, MARKER), 'utf8'));
    const bin = join(dir, m.bin);
    return m.version === version && isExecutableFile(bin) ? bin : null;
  } catch {
    return null;
  }
}

function removeStaleTmp(cacheDir) {
  for (const name of readdirSync(cacheDir)) {
    if (!name.includes('.tmp-')) continue;
    const p = join(cacheDir, name);
    if (Date.now() - statSync(p).mtimeMs > STALE_TMP_MS) rmSync(p, { recursive: true, force: true });
  }
}

/**
 * Installs `pkg@version` into `cacheDir/NAME@VERSION/` unless already there; returns its executable.
 * Safe against concurrent installs: each installs into its own temporary folder, then renames it into place
 * (atomic); the loser of the race deletes its copy and uses the winner's.
 */
export function installAgentCli({
  pkg = CLAUDE_CODE.pkg,
  version = CLAUDE_CODE.pinned,
  cacheDir = DEFAULT_CACHE,
  log = () => {},
} = {}) {
  const dir = join(cacheDir, `${pkg.split('/').pop()}@${version}`);
  const cached = readyInstall(dir, version);
  if (cached) return { pkg, version, dir, bin: cached, reused: true };
  mkdirSync(cacheDir, { recursive: true });
  removeStaleTmp(cacheDir);
  const tmp = mkdtempSync(join(cacheDir, `.${pkg.split('/').pop()}@${version}.tmp-`));
  try {
    chmodSync(tmp, 0o755); // mkdtemp makes it private
    writeFileSync(
      join(tmp, 'package.json'),
      JSON.stringify(
        {
          name: 'tokenfold-agent-cli-cache',
          private: true,
          description: `${pkg}@${version} for tokenfold's real-CLI tests; not part of tokenfold`,
        },
        null,
        2,
      ) + '\n',
    );
    log(`installing ${pkg}@${version} into ${dir}`);
    // engines asks for a newer Node than the project's; the native binary does not use this Node at all.
    npm(
      [
        'install',
        `${pkg}@${version}`,
        '--prefix',
        tmp,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--engine-strict=false',
        '--fetch-retries=2',
        '--fetch-retry-mintimeout=2000',
        '--fetch-retry-maxtimeout=10000',
        '--loglevel=error',
      ],
      10 * 60_000,
    );
    const bin = findExecutable(tmp, pkg, version);
    writeFileSync(
      join(tmp, MARKER),
      JSON.stringify({ pkg, version, bin: relative(tmp, bin), installedAt: new Date().toISOString() }) + '\n',
    );
    try {
      renameSync(tmp, dir);
    } catch (e) {
      if (!['ENOTEMPTY', 'EEXIST'].includes(e.code)) throw e;
      const theirs = readyInstall(dir, version);
      if (!theirs) throw new AgentCliUnavailable(`${dir} exists but holds no ready install: remove it`);
      return { pkg, version, dir, bin: theirs, reused: true };
    }
    return { pkg, version, dir, bin: join(dir, relative(tmp, bin)), reused: false };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  try {
    let version = arg('--version') ?? CLAUDE_CODE.pinned;
    if (version === 'latest') version = latestVersion(CLAUDE_CODE.pkg);
    const r = installAgentCli({
      version,
      cacheDir: arg('--cache') ?? DEFAULT_CACHE,
      log: (l) => process.stderr.write(l + '\n'),
    });
    process.stdout.write(`${r.version}\t${r.bin}\n`);
  } catch (e) {
    process.stderr.write(`agent-cli: ${e.message}\n`);
    process.exitCode = 1;
  }
}
