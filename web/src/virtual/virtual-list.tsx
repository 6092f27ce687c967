// A variable-height virtual list: rows measured with ResizeObserver, follow-tail, scroll position kept while rows change.
import {
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { flushSync } from 'react-dom';
import { computeOffsets, rowAt } from './offsets.js';

export interface VirtualListProps {
  count: number;
  /** Stable identity of row i (measurements are kept by key across re-orderings). */
  itemKey: (i: number) => string;
  renderItem: (i: number) => ReactNode;
  estimateHeight: (i: number) => number;
  /** While true the list stays scrolled to the bottom as rows grow or arrive. */
  follow: boolean;
  /** Called when the user scrolls away from the bottom (false) or back to it (true). */
  onFollowChange: (follow: boolean) => void;
  /** Brings row `index` near the top whenever `nonce` or that row's key changes (the caller turns `follow` off with it). */
  scrollTo?: { index: number; nonce: number };
  /** Extra pixels rendered above and below the viewport. */
  overscan?: number;
  className?: string;
}

const BOTTOM_SLACK = 8;
/** A scroll within this long after wheel/touch/key/pointer input counts as the user's (smooth scrolls last a while). */
const INTENT_MS = 1000;

export function VirtualList(props: VirtualListProps) {
  const { count, itemKey, renderItem, estimateHeight, follow, onFollowChange, overscan = 800 } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>()).current;
  const [measured, setMeasured] = useState(0);
  const [view, setView] = useState({
    top: 0,
    height: typeof window === 'undefined' ? 800 : window.innerHeight,
  });
  const anchor = useRef<{ key: string; index: number; delta: number } | null>(null);
  const intentAt = useRef(0);
  const pointerDown = useRef(false);
  const lastTop = useRef(0);

  const offsets = useMemo(
    () => computeOffsets(count, itemKey, heights, estimateHeight),
    [count, itemKey, estimateHeight, measured, heights],
  );
  const total = offsets[count]!;
  const latest = useRef({ offsets, itemKey, follow, onFollowChange });
  latest.current = { offsets, itemKey, follow, onFollowChange };

  // One observer for all rows; a frame's worth of size changes causes one re-render.
  const observer = useMemo(
    () =>
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            let changed = false;
            for (const e of entries) {
              const el = e.target as HTMLElement;
              const key = el.dataset.vkey;
              if (key === undefined) {
                setView((v) => (v.height === el.clientHeight ? v : { ...v, height: el.clientHeight }));
                continue;
              }
              const h = e.borderBoxSize?.[0]?.blockSize ?? el.getBoundingClientRect().height;
              if (h > 0 && Math.abs((heights.get(key) ?? -1) - h) > 0.5) {
                heights.set(key, h);
                changed = true;
              }
            }
            // Applied before this frame is painted (observers run between layout and paint): a row that grew is
            // drawn in one frame with the list's new offsets, not in two (npm run bench:paint).
            if (changed) flushSync(() => setMeasured((n) => n + 1));
          }),
    [heights],
  );
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el === null || observer === null) return;
    observer.observe(el);
    return () => observer.disconnect();
  }, [observer]);

  const measure = useCallback(
    (el: HTMLDivElement | null) => {
      if (el === null || observer === null) return;
      observer.observe(el);
      return () => observer.unobserve(el);
    },
    [observer],
  );

  // A requested jump (before the anchor below, which it moves): the row 40 px under the top.
  const jumped = useRef({ nonce: 0, key: '' });
  useLayoutEffect(() => {
    const t = props.scrollTo;
    const el = scrollRef.current;
    if (t === undefined || el === null || t.index >= count || follow) return;
    // The same request again only for another row (the entry loaded and the hit is in one of its nested rows), not
    // when rows loading above shift its index (the anchor keeps it in place, wherever the user scrolled since).
    const key = itemKey(t.index);
    if (t.nonce === jumped.current.nonce && key === jumped.current.key) return;
    jumped.current = { nonce: t.nonce, key };
    const want = Math.max(0, offsets[t.index]! - 40);
    anchor.current = { key: itemKey(t.index), index: t.index, delta: want - offsets[t.index]! };
    el.scrollTop = want;
  });

  // Following ends: the scroll position the window is drawn from is the element's (scrolls at the bottom set no state).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (follow || el === null) return;
    const top = el.scrollTop;
    setView((v) => (v.top === top ? v : { ...v, top }));
  }, [follow]);

  // After every render: stick to the bottom, or keep the first visible row where it was.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el === null) return;
    if (follow) {
      const bottom = el.scrollHeight - el.clientHeight;
      if (el.scrollTop < bottom - 1) el.scrollTop = bottom;
      return;
    }
    const a = anchor.current;
    if (a === null || count === 0) return;
    let index = a.index < count && itemKey(a.index) === a.key ? a.index : -1;
    for (let i = 0; index === -1 && i < count; i++) if (itemKey(i) === a.key) index = i;
    if (index === -1) return;
    const want = offsets[index]! + a.delta;
    if (Math.abs(el.scrollTop - want) > 1) el.scrollTop = want;
  });

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (el === null) return;
    const { offsets: o, itemKey: key, follow: following, onFollowChange: change } = latest.current;
    const top = el.scrollTop;
    const atBottom = el.scrollHeight - top - el.clientHeight <= BOTTOM_SLACK;
    // Following at the bottom the window is drawn from the end: the list's own scrolls after each change need no render.
    if (!(following && atBottom))
      setView((v) => (v.top === top && v.height === el.clientHeight ? v : { top, height: el.clientHeight }));
    if (o.length > 1) {
      const i = rowAt(o, top);
      anchor.current = { key: key(i), index: i, delta: top - o[i]! };
    }
    const movedUp = top < lastTop.current - 1;
    lastTop.current = top;
    if (pointerDown.current || performance.now() - intentAt.current < INTENT_MS) {
      // Following stops only when the user moves up (growing content never lowers scrollTop); it resumes at the bottom.
      if (atBottom && !following) change(true);
      else if (!atBottom && movedUp && following) change(false);
    }
  }, []);

  const intent = useCallback(() => {
    intentAt.current = performance.now();
  }, []);
  const onKeyDown = useCallback((ev: KeyboardEvent<HTMLDivElement>) => {
    intentAt.current = performance.now();
    const el = scrollRef.current;
    if (el === null || ev.target instanceof HTMLInputElement || ev.target instanceof HTMLTextAreaElement)
      return;
    // Home/End work even while a row's button has the focus; End resumes following.
    if (ev.key === 'End') {
      ev.preventDefault();
      latest.current.onFollowChange(true);
    } else if (ev.key === 'Home') {
      ev.preventDefault();
      // The anchor moves first: the render that ends following keeps the anchored row in place, and the scroll
      // event that would have moved it comes only after that render.
      if (latest.current.offsets.length > 1)
        anchor.current = { key: latest.current.itemKey(0), index: 0, delta: 0 };
      if (latest.current.follow) latest.current.onFollowChange(false);
      el.scrollTop = 0;
    }
  }, []);
  const onPointerDown = useCallback(() => {
    pointerDown.current = true;
    const up = () => {
      pointerDown.current = false;
      intentAt.current = performance.now();
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointerup', up);
  }, []);

  // While following, render the last screenful straight away instead of waiting for the scroll event.
  const top = follow ? Math.max(0, total - view.height) : view.top;
  const start = count === 0 ? 0 : rowAt(offsets, Math.max(0, top - overscan));
  const end = count === 0 ? 0 : Math.min(count, rowAt(offsets, top + view.height + overscan) + 1);
  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const key = itemKey(i);
    rows.push(
      <div key={key} data-vkey={key} ref={measure} className="vrow">
        {renderItem(i)}
      </div>,
    );
  }

  return (
    <div
      ref={scrollRef}
      className={`vlist ${props.className ?? ''}`}
      tabIndex={0}
      onScroll={onScroll}
      onWheel={intent}
      onTouchMove={intent}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
    >
      <div className="vlist-inner" style={{ height: total }}>
        <div
          className="vlist-window"
          style={{ transform: `translateY(${Math.round(offsets[start] ?? 0)}px)` }}
        >
          {rows}
        </div>
      </div>
    </div>
  );
}
