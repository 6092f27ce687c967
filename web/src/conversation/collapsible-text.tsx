// Preformatted text cut to its first lines, with a button to show the rest.
import { useState } from 'react';
import { AnsiText } from '../components/ansi-text.js';

export function CollapsibleText({
  text,
  maxLines = 12,
  className = '',
}: {
  text: string;
  maxLines?: number;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const lines = countLines(text, maxLines + 1);
  const long = lines > maxLines || text.length > maxLines * 300;
  const shown = open || !long ? text : cutLines(text, maxLines).slice(0, maxLines * 300);
  return (
    <div className={`collapsible ${className}`}>
      <pre className="pre">
        <AnsiText text={shown} />
      </pre>
      {long && (
        <button type="button" className="link-btn" onClick={() => setOpen(!open)}>
          {open ? 'Show less' : `Show all ${countLines(text, Infinity)} lines`}
        </button>
      )}
    </div>
  );
}

function countLines(text: string, stopAt: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && n < stopAt; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function cutLines(text: string, n: number): string {
  let i = -1;
  for (let k = 0; k < n; k++) {
    i = text.indexOf('\n', i + 1);
    if (i === -1) return text;
  }
  return text.slice(0, i);
}
