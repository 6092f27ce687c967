// Find in a run: the server searches every entry (the list draws only what is on screen), the view jumps to each hit.
import { useState, type FormEvent } from 'react';
import type { SearchBody } from 'tokenfold/protocol';
import { api } from '../lib/api.js';

export type Hit = SearchBody['hits'][number];

export function FindBar({ id, onHit }: { id: string; onHit: (hit: Hit | null, query: string) => void }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ q: string; hits: Hit[]; count: number } | null>(null);
  const [at, setAt] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const go = (hits: Hit[], i: number, q: string) => {
    setAt(i);
    onHit(hits[i] ?? null, q);
  };
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const q = query.trim();
    if (q === '') return;
    // Enter again on the same text: the next hit.
    if (found !== null && found.q === q)
      return go(found.hits, found.hits.length === 0 ? 0 : (at + 1) % found.hits.length, q);
    try {
      const r = await api<SearchBody>(`/api/executions/${encodeURIComponent(id)}/search`, { params: { q } });
      setError(null);
      setFound({ q, ...r });
      go(r.hits, r.hits.length - 1, q); // the latest hit first, as the run opens at its end
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const step = (d: number) =>
    found !== null &&
    found.hits.length > 0 &&
    go(found.hits, (at + d + found.hits.length) % found.hits.length, found.q);

  return (
    <form className="find-bar" role="search" onSubmit={submit} data-testid="find-bar">
      <input
        type="search"
        placeholder="Find in this run"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-label="Find in this run"
        data-testid="find-input"
      />
      <button
        type="button"
        className="link-btn"
        onClick={() => step(-1)}
        disabled={!found?.hits.length}
        aria-label="Previous hit"
      >
        ↑
      </button>
      <button
        type="button"
        className="link-btn"
        onClick={() => step(1)}
        disabled={!found?.hits.length}
        aria-label="Next hit"
      >
        ↓
      </button>
      {found !== null && (
        <span className="find-count" data-testid="find-count">
          {found.hits.length === 0 ? 'no match' : `${at + 1} / ${found.count}`}
        </span>
      )}
      {error !== null && <span className="error-text">{error}</span>}
    </form>
  );
}

/** Marks `query` in the rendered rows under `root` (CSS Custom Highlight API: no DOM change); a no-op where unsupported. */
export function highlightText(root: HTMLElement | null, query: string): void {
  const reg = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
  const H = (globalThis as { Highlight?: new (...r: Range[]) => unknown }).Highlight;
  if (reg === undefined || H === undefined) return;
  reg.delete('find');
  if (root === null || query === '') return;
  const needle = query.toLowerCase();
  const ranges: Range[] = [];
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n !== null; n = walk.nextNode()) {
    const text = n.nodeValue?.toLowerCase() ?? '';
    for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) {
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + needle.length);
      ranges.push(r);
    }
  }
  reg.set('find', new H(...ranges));
}
