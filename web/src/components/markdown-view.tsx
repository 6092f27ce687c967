// Renders parsed markdown as React elements (text is escaped by React; no HTML from the input is ever injected).
import { memo, useMemo, type ReactNode } from 'react';
import { parseMarkdown, type MdBlock, type MdInline } from 'tokenfold/conversation';

export const MarkdownView = memo(function MarkdownView({ text, testId }: { text: string; testId?: string }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  return (
    <div className="md" data-testid={testId}>
      {blocks.map(renderBlock)}
    </div>
  );
});

function renderBlock(b: MdBlock, key: number): ReactNode {
  switch (b.type) {
    case 'paragraph':
      return <p key={key}>{b.inlines.map(renderInline)}</p>;
    case 'heading': {
      const H = `h${Math.min(6, b.level + 2)}` as 'h3';
      return <H key={key}>{b.inlines.map(renderInline)}</H>;
    }
    case 'code':
      return (
        <pre key={key} className="md-code" data-lang={b.lang || undefined}>
          <code>{b.text}</code>
        </pre>
      );
    case 'list': {
      const items = b.items.map((item, i) => <li key={i}>{item.map(renderBlock)}</li>);
      return b.ordered ? (
        <ol key={key} start={b.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'quote':
      return <blockquote key={key}>{b.blocks.map(renderBlock)}</blockquote>;
    case 'table':
      return (
        <div key={key} className="md-table-wrap">
          <table className="md-table">
            <thead>
              <tr>
                {b.head.map((cell, i) => (
                  <th key={i} style={{ textAlign: b.align[i] ?? undefined }}>
                    {cell.map(renderInline)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i} style={{ textAlign: b.align[i] ?? undefined }}>
                      {cell.map(renderInline)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'hr':
      return <hr key={key} />;
  }
}

function renderInline(n: MdInline, key: number): ReactNode {
  switch (n.type) {
    case 'text':
      return n.text;
    case 'code':
      return <code key={key}>{n.text}</code>;
    case 'strong':
      return <strong key={key}>{n.children.map(renderInline)}</strong>;
    case 'em':
      return <em key={key}>{n.children.map(renderInline)}</em>;
    case 'del':
      return <del key={key}>{n.children.map(renderInline)}</del>;
    case 'link':
      // Links are shown as text (no navigation away from the app); the target is in the tooltip.
      return (
        <span key={key} className="md-link" title={n.href}>
          {n.children.map(renderInline)}
        </span>
      );
    case 'break':
      return <br key={key} />;
  }
}
