// Runs in the page (Playwright's addInitScript, before the app): for every paint marker that arrives on an execution
// stream, the time it arrived (EventSource event, before the app's own listener) and the time the frame that first
// draws it was painted. "Painted": the rendering update that follows the DOM change has finished (a task posted from
// that frame's requestAnimationFrame runs just after it); a change made outside a frame waits for the next one.
// Self-contained (serialised into the page); the benchmarks compile without the DOM types, hence the local types.

/** One marker: the agent's send time, its arrival in the page, the DOM change showing it, its paint; epoch ms. */
export interface PaintSample {
  send: number;
  arrive: number;
  commit: number;
  paint: number;
}

export interface ProbeResult {
  samples: PaintSample[];
  /** Markers that arrived but were never drawn (their text is off screen or was not rendered as text). */
  unpainted: number;
  /** Up to 20 of those (their send times), to look them up. */
  unpaintedMarkers: string[];
  /** Where markers first drawn over a second after they arrived were (ancestors' classes), up to 20. */
  late: string[];
  /** Long animation frames (> 50 ms) seen while measuring: start, duration, and the longest script's source. */
  longFrames: { start: number; ms: number; script: string }[];
  /** (timeOrigin + now) − Date.now(): near 0 when the page's clock agrees with the system clock. */
  clockSkewMs: number;
}

interface ProbeState extends ProbeResult {
  reset(): void;
}

export function installPaintProbe(): void {
  type MsgEvent = { data: string };
  type ESource = { addEventListener(type: string, fn: (e: MsgEvent) => void): void };
  type El = { className?: unknown; parentElement: El | null };
  type Rec = {
    type: string;
    target: { nodeValue: string | null; parentElement: El | null };
    addedNodes: ArrayLike<{ textContent: string | null; parentElement: El | null }>;
  };
  type G = {
    EventSource: new (url: string, init?: unknown) => ESource;
    MutationObserver: new (fn: (r: Rec[]) => void) => { observe(n: unknown, o: unknown): void };
    MessageChannel: new () => {
      port1: { onmessage: (() => void) | null };
      port2: { postMessage(v: unknown): void };
    };
    PerformanceObserver?: new (fn: (l: { getEntries(): LoafEntry[] }) => void) => {
      observe(o: unknown): void;
    };
    requestAnimationFrame(cb: (t: number) => void): number;
    document: unknown;
    __paintProbe?: ProbeState;
  };
  type LoafEntry = {
    startTime: number;
    duration: number;
    scripts?: { sourceURL?: string; invoker?: string; duration: number }[];
  };
  const g = globalThis as unknown as G;
  const now = () => performance.timeOrigin + performance.now();
  const MARK = /⟦(\d+\.\d+)⟧/g;
  const arrived = new Map<string, number>(); // marker → arrival, until painted
  const seen = new Set<string>();
  let pending: { m: string; commit: number }[] = []; // markers in the DOM, waiting for their frame's paint
  const state: ProbeState = {
    samples: [],
    unpainted: 0,
    unpaintedMarkers: [],
    late: [],
    longFrames: [],
    clockSkewMs: now() - Date.now(),
    reset() {
      state.samples = [];
      state.longFrames = [];
      state.late = [];
    },
  };
  g.__paintProbe = state;

  // Arrival: a listener added in the constructor runs before the app's (added later) for each event.
  const Native = g.EventSource;
  g.EventSource = class extends Native {
    constructor(url: string, init?: unknown) {
      super(url, init);
      if (!String(url).includes('/stream')) return;
      // The first arrival only: a block's complete message repeats the markers of its deltas.
      const onEvent = (e: MsgEvent) => {
        const t = now();
        for (const m of e.data.matchAll(MARK)) if (!seen.has(m[1]!)) (seen.add(m[1]!), arrived.set(m[1]!, t));
      };
      for (const type of ['line', 'stderr', 'line-escaped']) this.addEventListener(type, onEvent);
    }
  };

  // Paint: inside a frame, a task posted from its first rAF callback runs once the frame is rendered.
  let inFrame = false;
  let frameRequested = false;
  const channel = new g.MessageChannel();
  channel.port1.onmessage = () => {
    inFrame = false;
    frameRequested = false;
    if (pending.length === 0) return;
    const t = now();
    for (const { m, commit } of pending) {
      const arrive = arrived.get(m);
      if (arrive === undefined) continue;
      arrived.delete(m);
      state.samples.push({ send: Number(m), arrive, commit, paint: t });
    }
    pending = [];
  };
  const nativeRaf = g.requestAnimationFrame.bind(g);
  const enterFrame = () => {
    if (inFrame) return;
    inFrame = true;
    channel.port2.postMessage(0);
  };
  g.requestAnimationFrame = (cb) => nativeRaf((t) => (enterFrame(), cb(t)));

  // Where a marker drawn long after its arrival was (the classes of its ancestors): text that was not on screen.
  const where = (el: El | null) => {
    const path: string[] = [];
    for (let e = el; e !== null && path.length < 6; e = e.parentElement)
      if (typeof e.className === 'string' && e.className !== '') path.push(e.className);
    return path.join(' < ');
  };
  const scan = (text: string | null, commit: number, parent: El | null) => {
    if (text === null || text.indexOf('⟦') === -1) return;
    for (const m of text.matchAll(MARK)) {
      const arrive = arrived.get(m[1]!);
      if (arrive === undefined) continue;
      pending.push({ m: m[1]!, commit });
      if (commit - arrive > 1000 && state.late.length < 20) state.late.push(where(parent));
    }
  };
  new g.MutationObserver((records) => {
    const t = now();
    for (const r of records) {
      if (r.type === 'characterData') scan(r.target.nodeValue, t, r.target.parentElement);
      else
        for (let i = 0; i < r.addedNodes.length; i++) {
          const n = r.addedNodes[i]!;
          scan(n.textContent, t, n.parentElement);
        }
    }
    if (pending.length === 0 || inFrame || frameRequested) return;
    frameRequested = true;
    nativeRaf(enterFrame);
  }).observe(g.document, { subtree: true, childList: true, characterData: true });

  // Unpainted: still waiting a second after arrival.
  const unpainted = () => [...arrived].filter(([, a]) => a < now() - 1000).map(([m]) => m);
  Object.defineProperty(state, 'unpainted', { get: () => unpainted().length });
  Object.defineProperty(state, 'unpaintedMarkers', { get: () => unpainted().slice(0, 20) });

  if (g.PerformanceObserver !== undefined)
    try {
      new g.PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const top = (e.scripts ?? []).reduce<{
            sourceURL?: string;
            invoker?: string;
            duration: number;
          } | null>((a, s) => (a === null || s.duration > a.duration ? s : a), null);
          state.longFrames.push({
            start: performance.timeOrigin + e.startTime,
            ms: e.duration,
            script:
              top === null ? '' : `${top.invoker ?? ''} ${top.sourceURL ?? ''} ${top.duration.toFixed(0)} ms`,
          });
        }
      }).observe({ type: 'long-animation-frame', buffered: false });
    } catch {
      /* not supported: no long-frame attribution */
    }
}
