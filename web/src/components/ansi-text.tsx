// Renders a line with ANSI colours as styled spans (palette colours follow the theme's CSS variables).
import { memo, type CSSProperties } from 'react';
import { paletteHex, parseAnsi, type AnsiColor, type AnsiStyle } from 'tokenfold/conversation';

export const AnsiText = memo(function AnsiText({ text }: { text: string }) {
  const spans = parseAnsi(text);
  if (spans.length === 1 && spans[0]!.style === null) return <>{text}</>;
  return (
    <>
      {spans.map((s, i) =>
        s.style === null ? (
          s.text
        ) : (
          <span key={i} style={styleOf(s.style)}>
            {s.text}
          </span>
        ),
      )}
    </>
  );
});

function color(c: AnsiColor): string {
  if (typeof c === 'string') return c;
  return c < 16 ? `var(--ansi-${c})` : paletteHex(c);
}

export function styleOf(s: AnsiStyle): CSSProperties {
  let fg = s.fg === undefined ? undefined : color(s.fg);
  let bg = s.bg === undefined ? undefined : color(s.bg);
  if (s.inverse) [fg, bg] = [bg ?? 'var(--bg)', fg ?? 'var(--fg)'];
  const decoration = [s.underline ? 'underline' : '', s.strike ? 'line-through' : '']
    .filter(Boolean)
    .join(' ');
  return {
    color: fg,
    backgroundColor: bg,
    fontWeight: s.bold ? 700 : undefined,
    opacity: s.dim ? 0.65 : undefined,
    fontStyle: s.italic ? 'italic' : undefined,
    textDecoration: decoration || undefined,
  };
}
