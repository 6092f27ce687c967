// One readable line for system events; null for progress chatter that would only clutter the conversation.
import { num, str } from './content-text.js';
import type { Json } from './types.js';

/** Subtypes dropped from the conversation: estimates and per-step progress repeated by the sub-agent's own entries. */
const QUIET = new Set(['thinking_tokens', 'task_progress']);

export function systemText(o: Json): string | null {
  const subtype = str(o.subtype) ?? '';
  if (QUIET.has(subtype)) return null;
  switch (subtype) {
    case 'init': {
      const tools = Array.isArray(o.tools) ? o.tools.length : 0;
      const parts = [str(o.model), str(o.cwd), `${tools} tools`, str(o.permissionMode)].filter(Boolean);
      return `Session started · ${parts.join(' · ')}`;
    }
    case 'api_retry':
      return `API retry ${num(o.attempt) ?? '?'}/${num(o.max_retries) ?? '?'}: ${str(o.error) ?? 'error'}${o.error_status ? ` (${String(o.error_status)})` : ''}`;
    case 'compact_boundary': {
      const m = (o.compact_metadata ?? {}) as Json;
      return `Conversation compacted (${str(m.trigger) ?? 'auto'}${num(m.pre_tokens) !== null ? `, ${num(m.pre_tokens)} tokens before` : ''})`;
    }
    case 'status': {
      if (o.status === 'requesting') return null;
      const s = str(o.status) ?? (o.compact_result ? `compaction ${String(o.compact_result)}` : 'idle');
      return `Status: ${s}${o.compact_error ? ` (${String(o.compact_error)})` : ''}`;
    }
    case 'task_started':
      return `Task started: ${str(o.description) ?? str(o.task_id) ?? ''}`;
    case 'task_notification':
      return `Task ${str(o.status) ?? 'finished'}: ${str(o.summary) ?? str(o.task_id) ?? ''}`;
    case 'task_updated':
      return `Task updated: ${str(o.description) ?? str(o.task_id) ?? ''}`;
    default:
      return `${subtype || 'system'}${brief(o)}`;
  }
}

const SKIP_KEYS = new Set(['type', 'subtype', 'uuid', 'session_id', 'parent_tool_use_id', '_t']);

/** A short `key=value` summary of the remaining fields. */
export function brief(o: Json, max = 300): string {
  let out = '';
  for (const k in o) {
    if (SKIP_KEYS.has(k)) continue;
    const v = o[k];
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    out += ` ${k}=${text}`;
    if (out.length > max) return out.slice(0, max) + '…';
  }
  return out === '' ? '' : ':' + out;
}
