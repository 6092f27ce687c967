// The executions list: first page, "load more", and live updates from /api/events.
import { useCallback, useEffect, useRef, useState } from 'react';
import { listExecutions, type Execution } from '../lib/api.js';
import { useServerEvents } from '../lib/use-server-events.js';

export interface ExecutionsState {
  items: Execution[];
  nextCursor: number | null;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
  upsert: (e: Execution) => void;
}

export function useExecutions(): ExecutionsState {
  const [items, setItems] = useState<Execution[]>([]);
  const [nextCursor, setNextCursor] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  const reload = useCallback(() => {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setLoading(true);
    listExecutions(undefined, ac.signal)
      .then((page) => {
        setItems(page.items);
        setNextCursor(page.nextCursor);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        if (!ac.signal.aborted) setLoading(false);
      });
  }, []);

  useEffect(() => {
    reload();
    return () => abort.current?.abort();
  }, [reload]);

  const upsert = useCallback((e: Execution) => {
    setItems((list) => {
      const i = list.findIndex((x) => x.id === e.id);
      if (i === -1) return [e, ...list];
      const next = list.slice();
      next[i] = { ...list[i]!, ...e };
      return next;
    });
  }, []);

  useServerEvents((ev) => {
    if (ev.type === 'created' || ev.type === 'status') upsert(ev.execution);
    else if (ev.type === 'progress') {
      const p = ev.progress;
      setItems((list) => {
        const i = list.findIndex((x) => x.id === p.id);
        if (i === -1) return list;
        const next = list.slice();
        next[i] = { ...list[i]!, lines: p.lines, deltasFolded: p.deltasFolded, bytesIn: p.bytesIn };
        return next;
      });
    } else if (ev.type === 'deleted') setItems((list) => list.filter((x) => x.id !== ev.id));
    else if (ev.type === 'reconnected') reload();
  });

  const loadMore = useCallback(() => {
    if (nextCursor === null) return;
    setLoading(true);
    listExecutions(nextCursor)
      .then((page) => {
        setItems((list) => {
          const seen = new Set(list.map((x) => x.id));
          return [...list, ...page.items.filter((x) => !seen.has(x.id))];
        });
        setNextCursor(page.nextCursor);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setLoading(false));
  }, [nextCursor]);

  return { items, nextCursor, loading, error, loadMore, upsert };
}
