// Paint markers: the fake agent writes its send time into each text delta (`⟦<epoch ms>⟧`), the page reads it back
// where the text is drawn. Both sides read `performance.timeOrigin + performance.now()`: epoch ms with sub-ms
// resolution, comparable across processes on one machine (both derive from the system clock).

const TEXT_DELTA = '"type":"text_delta","text":"';

/** The marker for a send time. Its characters mean nothing to markdown or JSON. */
export function paintMarker(at: number): string {
  return '⟦' + at.toFixed(2) + '⟧';
}

/** Where a delta's marker goes: before its last space (mid-prose most often, so headings, bullets and fences keep their meaning). */
function markAt(text: string): number {
  const space = text.lastIndexOf(' ');
  return space >= 0 ? space : text.length;
}

interface Block {
  text: string;
  marked: string;
}

/**
 * Marks a Claude Code stream-json run line by line. The complete `assistant` message that follows a block's deltas
 * gets the same markers (else the page would replace the marked text by the plain one, often in the same frame).
 */
export class PaintMarks {
  /** Text streamed so far per block (`parent tool use id` + block index), plain and marked. */
  readonly #blocks = new Map<string, Block>();

  line(line: string, at: number): string {
    if (line.includes(TEXT_DELTA)) return this.#delta(line, at);
    if (line.startsWith('{"type":"assistant"') && this.#blocks.size > 0) return this.#message(line);
    if (line.includes('"type":"message_start"')) this.#blocks.clear();
    return line;
  }

  #delta(line: string, at: number): string {
    const o = JSON.parse(line) as {
      event: { index: number; delta: { text: string } };
      parent_tool_use_id?: string | null;
    };
    const text = o.event.delta.text;
    const i = markAt(text);
    const marker = paintMarker(at);
    const key = `${o.parent_tool_use_id ?? ''}#${o.event.index}`;
    const b = this.#blocks.get(key) ?? { text: '', marked: '' };
    b.text += text;
    b.marked += text.slice(0, i) + marker + text.slice(i);
    this.#blocks.set(key, b);
    // The line itself: the marker spliced into the JSON text (a space is never escaped, so the last one is the same).
    const from = line.indexOf(TEXT_DELTA) + TEXT_DELTA.length;
    const end = stringEnd(line, from);
    const space = line.lastIndexOf(' ', end - 1);
    const cut = space >= from ? space : end;
    return line.slice(0, cut) + marker + line.slice(cut);
  }

  /** A complete message whose text blocks were streamed: their text replaced by the marked text. */
  #message(line: string): string {
    const o = JSON.parse(line) as {
      message: { content: { type: string; text?: string }[] };
      parent_tool_use_id?: string | null;
    };
    let changed = false;
    for (const c of o.message.content) {
      if (c.type !== 'text' || c.text === undefined) continue;
      for (const [key, b] of this.#blocks)
        if (key.startsWith(`${o.parent_tool_use_id ?? ''}#`) && b.text === c.text) {
          c.text = b.marked;
          this.#blocks.delete(key);
          changed = true;
          break;
        }
    }
    return changed ? JSON.stringify(o) : line;
  }
}

/** Index of the closing quote of the JSON string starting at `from`. */
function stringEnd(line: string, from: number): number {
  for (let j = from; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === 92 /* \ */) j++;
    else if (c === 34 /* " */) return j;
  }
  return line.length;
}
