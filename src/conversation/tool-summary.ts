// One-line summaries of tool calls (`Bash  ls -la`), shared by the terminal and web renderers.
import type { Json, ToolCallEntry } from './types.js';

const KEY_BY_TOOL: Record<string, string> = {
  Bash: 'command',
  Read: 'file_path',
  Write: 'file_path',
  Edit: 'file_path',
  MultiEdit: 'file_path',
  NotebookEdit: 'notebook_path',
  Glob: 'pattern',
  Grep: 'pattern',
  WebFetch: 'url',
  WebSearch: 'query',
  Task: 'description',
  Agent: 'description',
  Skill: 'skill',
};

/** The most telling input value on one line (the command, the file, the pattern…). */
export function toolSummary(name: string, input: unknown): string {
  if (input === null || typeof input !== 'object')
    return input === undefined || input === null ? '' : firstLine(String(input));
  const o = input as Json;
  const key = KEY_BY_TOOL[name];
  if (key !== undefined && typeof o[key] === 'string') {
    const extra = (name === 'Grep' || name === 'Glob') && typeof o.path === 'string' ? `  in ${o.path}` : '';
    const agent =
      (name === 'Task' || name === 'Agent') && typeof o.subagent_type === 'string'
        ? ` (${o.subagent_type})`
        : '';
    return firstLine(o[key] as string) + extra + agent;
  }
  if (name === 'TodoWrite' && Array.isArray(o.todos)) return `${o.todos.length} todos`;
  for (const k in o) if (typeof o[k] === 'string') return firstLine(o[k] as string);
  const json = JSON.stringify(o);
  return json === '{}' ? '' : firstLine(json);
}

/** A tool call that runs a sub-agent (its entries are its children). */
export const isSubAgentCall = (e: ToolCallEntry): boolean =>
  e.children.length > 0 || e.name === 'Task' || e.name === 'Agent';

export function firstLine(s: string, max = 200): string {
  const nl = s.indexOf('\n');
  const line = nl === -1 ? s : s.slice(0, nl) + ' …';
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
}
