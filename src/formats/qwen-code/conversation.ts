// Qwen Code stream-json lines → conversation entries: Claude Code's dialect, plus Qwen's own events.
import { brief } from '../../conversation/system-text.js';
import { num, str } from '../../conversation/content-text.js';
import type { Json } from '../../conversation/types.js';
import { ClaudeDialect } from '../claude-code/conversation.js';

export class QwenDialect extends ClaudeDialect {
  protected override other(o: Json, parent: string | null, seq: number): void {
    switch (o.type) {
      case 'tool_progress': {
        // A heartbeat of a running tool: the call already shows as running; an unknown call gets a line.
        const id = str(o.tool_use_id);
        if (id !== undefined && this.store.tool(id) !== undefined) return;
        const secs = num(o.elapsed_time_seconds);
        this.store.add({
          kind: 'system',
          id: `e${seq}`,
          parent,
          seq,
          subtype: 'tool_progress',
          text: `${str(o.tool_name) ?? 'Tool'} running${secs === null ? '' : ` · ${secs} s`}`,
        });
        return;
      }
      case 'goal_state':
        this.store.add({
          kind: 'system',
          id: `e${seq}`,
          parent,
          seq,
          subtype: 'goal_state',
          text: `Goal${brief(o)}`,
        });
        return;
      default:
        super.other(o, parent, seq);
    }
  }
}
