// Turns message content (a string or an array of blocks) into display text.
import type { Json } from './types.js';

/** Text of tool_result / user content: text blocks joined, images and other blocks as short markers. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content))
    return content === undefined || content === null ? '' : JSON.stringify(content);
  let out = '';
  for (const part of content as unknown[]) {
    const piece = blockText(part);
    if (piece === '') continue;
    out = out === '' ? piece : out + '\n' + piece;
  }
  return out;
}

function blockText(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part === null || typeof part !== 'object') return '';
  const b = part as Json;
  if (b.type === 'text' && typeof b.text === 'string') return b.text;
  if (b.type === 'image') return '[image]';
  if (b.type === 'document') return '[document]';
  return JSON.stringify(b);
}

/** Parses a JSON object line; null for anything else. Cheap reject before JSON.parse. */
export function parseObject(line: string): Json | null {
  let i = 0;
  // Tolerate leading whitespace (a BOM or spaces) without slicing.
  while (i < line.length && line.charCodeAt(i) <= 32) i++;
  if (line.charCodeAt(i) !== 123 /* { */) return null;
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
