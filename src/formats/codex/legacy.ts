// The old Codex envelope (`{"id","msg":{…}}`, before `exec --json`): its events mapped onto the item model.
import { str } from '../../conversation/content-text.js';
import { brief } from '../../conversation/system-text.js';
import type { Json } from '../../conversation/types.js';
import type { EntryStore } from '../../conversation/entry-store.js';
import { errorText, type CodexItem } from './items.js';

/** What the old envelope's events do to the conversation (implemented by the Codex dialect). */
export interface LegacySink {
  readonly store: EntryStore;
  legacyTurn: number;
  grow(kind: 'assistant-text' | 'thinking', itemId: string, delta: string, seq: number): void;
  item(item: CodexItem, done: boolean, seq: number): void;
  result(isError: boolean, subtype: string, usage: null, text: string, seq: number): void;
  error(text: string, seq: number): void;
  system(subtype: string, text: string, seq: number): void;
}

/** Deltas and complete copies share an id per kind, so the complete copy replaces the streamed text. */
export function applyLegacy(d: LegacySink, m: Json, seq: number): boolean {
  const type = str(m.type) ?? 'unknown';
  switch (type) {
    case 'agent_message_delta':
    case 'agent_reasoning_delta':
    case 'agent_reasoning_raw_content_delta': {
      const kind = type === 'agent_message_delta' ? 'assistant-text' : 'thinking';
      d.grow(kind, `legacy-${kind}-${d.legacyTurn}`, str(m.delta) ?? '', seq);
      return true;
    }
    case 'agent_message':
    case 'agent_reasoning': {
      const kind = type === 'agent_message' ? 'assistant-text' : 'thinking';
      d.item(
        {
          id: `legacy-${kind}-${d.legacyTurn++}`,
          type: type === 'agent_message' ? 'agent_message' : 'reasoning',
          text: str(m.message) ?? str(m.text) ?? '',
          status: '',
          raw: m,
        },
        true,
        seq,
      );
      return true;
    }
    case 'exec_command_begin':
      d.item(
        {
          id: str(m.call_id) ?? `call-${seq}`,
          type: 'command_execution',
          text: '',
          status: 'in_progress',
          raw: m,
        },
        false,
        seq,
      );
      return true;
    case 'exec_command_end': {
      const out = [str(m.stdout), str(m.stderr)].filter(Boolean).join('\n');
      d.item(
        {
          id: str(m.call_id) ?? `call-${seq}`,
          type: 'command_execution',
          text: '',
          status: 'completed',
          raw: { ...m, aggregated_output: out },
        },
        true,
        seq,
      );
      return true;
    }
    case 'patch_apply_begin':
    case 'patch_apply_end':
      d.item(
        {
          id: str(m.call_id) ?? `patch-${seq}`,
          type: 'file_change',
          text: '',
          status: m.success === false ? 'failed' : 'completed',
          raw: m,
        },
        type === 'patch_apply_end' || !('call_id' in m),
        seq,
      );
      return true;
    case 'task_complete': {
      // The final answer, when no agent_message line showed it already.
      const last = str(m.last_agent_message);
      if (
        last !== undefined &&
        last !== '' &&
        !d.store.top.some((e) => e.kind === 'assistant-text' && e.text === last)
      )
        d.item(
          { id: `legacy-last-${seq}`, type: 'agent_message', text: last, status: '', raw: m },
          true,
          seq,
        );
      d.result(false, 'success', null, '', seq);
      return true;
    }
    case 'token_count':
      return true; // usage so far; shown with the result
    case 'task_started':
      return true;
    case 'error':
      d.error(errorText(m), seq);
      return true;
    default:
      d.system(type, `${type}${brief(m, 200)}`, seq);
      return true;
  }
}
