// File tool calls and their results: Read (numbered lines), Edit (with structured patch), Write, Grep, Glob.
import { codeLines } from './code-gen.js';
import type { RunContext } from './run-context.js';
import type { PlannedTool } from './tool-bash.js';

const abs = (ctx: RunContext, f: string) => `${ctx.topic.cwd}/${f}`;

export function readTool(ctx: RunContext): PlannedTool {
  const { rng, topic } = ctx;
  const path = abs(ctx, rng.pick([...topic.files, ...topic.tests]));
  const input: Record<string, unknown> = { file_path: path };
  const execMs = rng.int(300, 600);
  if (rng.chance(0.08)) {
    const msg = `File does not exist. Note: your current working directory is ${topic.cwd}.`;
    return {
      name: 'Read',
      input,
      outcome: { content: msg, isError: true, toolUseResult: `Error: ${msg}`, execMs },
    };
  }
  const total = rng.chance(0.15) ? rng.int(200, 420) : rng.int(15, 160);
  let start = 1;
  let lines = codeLines(rng, topic, total).slice(0, total);
  if (total > 250 && rng.chance(0.5)) {
    start = rng.int(1, total - 120);
    lines = lines.slice(start - 1, start - 1 + 120);
    input.offset = start;
    input.limit = 120;
  }
  const raw = lines.join('\n');
  const numbered = lines.map((l, i) => `${start + i}\t${l}`).join('\n');
  return {
    name: 'Read',
    input,
    outcome: {
      content: numbered,
      isError: false,
      execMs,
      toolUseResult: {
        type: 'text',
        file: { filePath: path, content: raw, numLines: lines.length, startLine: start, totalLines: total },
      },
    },
  };
}

export function editTool(ctx: RunContext): PlannedTool {
  const { rng, topic } = ctx;
  const path = abs(ctx, rng.pick(topic.files));
  const before = codeLines(rng, topic, rng.chance(0.15) ? rng.int(150, 300) : rng.int(20, 120));
  const at = rng.int(0, Math.max(0, before.length - 12));
  const oldLines = before.slice(at, at + rng.int(1, 10));
  const added = codeLines(rng, topic, rng.int(1, 14));
  const newLines = [...oldLines.slice(0, 1), ...added, ...oldLines.slice(1)];
  const input: Record<string, unknown> = rng.chance(0.3)
    ? {
        replace_all: false,
        file_path: path,
        old_string: oldLines.join('\n'),
        new_string: newLines.join('\n'),
      }
    : { file_path: path, old_string: oldLines.join('\n'), new_string: newLines.join('\n') };
  const execMs = rng.int(300, 700);
  if (rng.chance(0.07)) {
    const msg = `String to replace not found in file.\nString: ${oldLines[0] ?? ''}`;
    return {
      name: 'Edit',
      input,
      outcome: {
        content: `<tool_use_error>${msg}</tool_use_error>`,
        isError: true,
        toolUseResult: `Error: ${msg}`,
        execMs,
      },
    };
  }
  const patchLines = [
    ...oldLines.slice(0, 1).map((l) => ' ' + l),
    ...added.map((l) => '+' + l),
    ...oldLines.slice(1).map((l) => ' ' + l),
  ];
  return {
    name: 'Edit',
    input,
    outcome: {
      content: `The file ${path} has been updated successfully.`,
      isError: false,
      execMs,
      toolUseResult: {
        filePath: path,
        oldString: input.old_string,
        newString: input.new_string,
        originalFile: before.join('\n'),
        structuredPatch: [
          {
            oldStart: at + 1,
            oldLines: oldLines.length,
            newStart: at + 1,
            newLines: newLines.length,
            lines: patchLines,
          },
        ],
        userModified: false,
        replaceAll: false,
      },
    },
  };
}

export function writeTool(ctx: RunContext): PlannedTool {
  const { rng, topic } = ctx;
  const mod = rng.pick(topic.modules);
  const path = abs(
    ctx,
    rng.chance(0.5)
      ? rng
          .pick(topic.tests)
          .replace(/\.test\.ts$/, `-${rng.pick(['helpers', 'fixtures', 'cursor'])}.test.ts`)
      : `${topic.files[0]!.replace(/\/[^/]+\/[^/]+$/, '')}/${mod}/${mod}-${rng.pick(['cursor', 'limits', 'retry', 'audit'])}.ts`,
  );
  const content = codeLines(rng, topic, rng.int(30, 160)).join('\n') + '\n';
  return {
    name: 'Write',
    input: { file_path: path, content },
    outcome: {
      content: `File created successfully at: ${path}`,
      isError: false,
      execMs: rng.int(300, 600),
      toolUseResult: { type: 'create', filePath: path, content, structuredPatch: [], originalFile: null },
    },
  };
}

export function grepTool(ctx: RunContext): PlannedTool {
  const { rng, topic } = ctx;
  const pattern = rng.chance(0.7) ? rng.pick(topic.fns) : `${rng.pick(topic.types)}(Input|Result)?\\b`;
  const execMs = rng.int(300, 700);
  if (rng.chance(0.5)) {
    const input = { pattern, output_mode: 'files_with_matches' };
    const files = rng.chance(0.1) ? [] : [...topic.files, ...topic.tests].filter(() => rng.chance(0.4));
    const content =
      files.length === 0
        ? 'No files found'
        : `Found ${files.length} file${files.length === 1 ? '' : 's'}\n${files.join('\n')}`;
    return {
      name: 'Grep',
      input,
      outcome: {
        content,
        isError: false,
        execMs,
        toolUseResult: { mode: 'files_with_matches', filenames: files, numFiles: files.length },
      },
    };
  }
  const input = { pattern, path: topic.files[0]!.split('/')[0]!, output_mode: 'content', '-n': true };
  const n = rng.int(1, 40);
  const lines: string[] = [];
  for (let i = 0; i < n; i++)
    lines.push(`${rng.pick(topic.files)}:${rng.int(1, 400)}:${codeLines(rng, topic, 1)[0]!}`);
  const content = lines.join('\n');
  return {
    name: 'Grep',
    input,
    outcome: {
      content,
      isError: false,
      execMs,
      toolUseResult: { mode: 'content', numFiles: 0, filenames: [], content, numLines: n },
    },
  };
}

export function globTool(ctx: RunContext): PlannedTool {
  const { rng, topic } = ctx;
  const root = topic.files[0]!.split('/')[0]!;
  const filenames = [...topic.files, ...topic.tests].map((f) => abs(ctx, f));
  return {
    name: 'Glob',
    input: { pattern: `${root}/**/*.ts` },
    outcome: {
      content: filenames.join('\n'),
      isError: false,
      execMs: rng.int(300, 500),
      toolUseResult: { filenames, durationMs: rng.int(8, 90), numFiles: filenames.length, truncated: false },
    },
  };
}
