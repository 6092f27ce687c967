// Reads what a Messages API request says: the user's prompt, the tool results sent back, the tools offered, the cwd.

export interface ToolResult {
  toolUseId: string;
  /** Name of the tool_use this result answers (looked up in the assistant messages of the same request). */
  toolName: string | undefined;
  text: string;
  isError: boolean;
}

export interface ParsedRequest {
  model: string;
  stream: boolean;
  /** Text blocks of the first user message, without `<system-reminder>` blocks. */
  prompt: string;
  toolResults: ToolResult[];
  lastToolResult: ToolResult | undefined;
  toolNames: string[];
  /** From the CLI's environment section ("Primary working directory: …"), when present. */
  cwd: string | undefined;
}

type Json = any;

function contentBlocks(content: Json): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content : [];
}

function resultText(content: Json): string {
  return contentBlocks(content)
    .map((b) => (typeof b?.text === 'string' ? b.text : ''))
    .join('');
}

export function parseRequest(body: Json): ParsedRequest {
  const messages: Json[] = Array.isArray(body?.messages) ? body.messages : [];
  const firstUser = messages.find((m) => m?.role === 'user');
  const prompt = contentBlocks(firstUser?.content)
    .filter(
      (b) => b?.type === 'text' && typeof b.text === 'string' && !b.text.startsWith('<system-reminder>'),
    )
    .map((b) => b.text as string)
    .join('\n');
  const toolNameById = new Map<string, string>();
  for (const m of messages) {
    if (m?.role !== 'assistant') continue;
    for (const b of contentBlocks(m.content)) if (b?.type === 'tool_use') toolNameById.set(b.id, b.name);
  }
  const toolResults: ToolResult[] = [];
  for (const m of messages) {
    if (m?.role !== 'user') continue;
    for (const b of contentBlocks(m.content)) {
      if (b?.type !== 'tool_result') continue;
      toolResults.push({
        toolUseId: b.tool_use_id,
        toolName: toolNameById.get(b.tool_use_id),
        text: resultText(b.content),
        isError: b.is_error === true,
      });
    }
  }
  // The CLI puts its environment section in a system text; a JSON-escaped newline ends the path.
  const cwd = /Primary working directory: (.*?)\\n/.exec(JSON.stringify(body ?? null))?.[1];
  return {
    model: typeof body?.model === 'string' ? body.model : 'claude-stand-in',
    stream: body?.stream === true,
    prompt,
    toolResults,
    lastToolResult: toolResults.at(-1),
    toolNames: Array.isArray(body?.tools) ? body.tools.map((t: Json) => String(t?.name)) : [],
    cwd: cwd === undefined ? undefined : JSON.parse(`"${cwd}"`),
  };
}
