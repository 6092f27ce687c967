// One shared EventSource on /api/events; components subscribe to created/status/progress/deleted events.
import { useEffect, useRef } from 'react';
import { FEED_EVENTS, type DeletedEventData, type ProgressEventData } from 'tokenfold/protocol';
import { apiUrl, type Execution } from './api.js';
import { parkWhenHidden } from './park-when-hidden.js';

export type ServerEvent =
  | { type: 'created' | 'status'; execution: Execution }
  | { type: 'progress'; progress: ProgressEventData }
  | { type: 'deleted'; id: string }
  /** The connection was re-established: events may have been missed, reload what you show. */
  | { type: 'reconnected' };

type Listener = (e: ServerEvent) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;
let hadError = false;
let parked = false;
let unpark: (() => void) | null = null;

function emit(e: ServerEvent): void {
  for (const l of listeners) l(e);
}

function open(): void {
  if (parked) return;
  source = new EventSource(apiUrl('/api/events'));
  const parse = (type: 'created' | 'status') => (ev: MessageEvent<string>) => {
    try {
      emit({ type, execution: JSON.parse(ev.data) as Execution });
    } catch {
      /* a malformed event: skip it */
    }
  };
  source.addEventListener(FEED_EVENTS.created, parse('created'));
  source.addEventListener(FEED_EVENTS.status, parse('status'));
  source.addEventListener(FEED_EVENTS.progress, (ev: MessageEvent<string>) => {
    try {
      emit({
        type: 'progress',
        progress: JSON.parse(ev.data) as Extract<ServerEvent, { type: 'progress' }>['progress'],
      });
    } catch {
      /* skip */
    }
  });
  source.addEventListener(FEED_EVENTS.deleted, (ev: MessageEvent<string>) => {
    try {
      emit({ type: 'deleted', id: (JSON.parse(ev.data) as DeletedEventData).id });
    } catch {
      /* skip */
    }
  });
  source.addEventListener('open', () => {
    if (hadError) emit({ type: 'reconnected' });
    hadError = false;
  });
  source.addEventListener('error', () => {
    hadError = true;
    // The browser retries by itself unless the server answered with an error: then retry later.
    if (source?.readyState === EventSource.CLOSED) {
      source = null;
      setTimeout(() => {
        if (listeners.size > 0 && source === null) open();
      }, 3000);
    }
  });
}

/** Calls `listener` for every server event while mounted. */
export function useServerEvents(listener: Listener): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => {
    const l: Listener = (e) => ref.current(e);
    listeners.add(l);
    if (source === null) open();
    // A hidden tab gives its connection back; shown again, it reopens and says events may have been missed.
    unpark ??= parkWhenHidden({
      park: () => {
        parked = true;
        source?.close();
        source = null;
      },
      resume: () => {
        parked = false;
        if (listeners.size > 0 && source === null) {
          hadError = true;
          open();
        }
      },
    });
    return () => {
      listeners.delete(l);
      if (listeners.size === 0) {
        unpark?.();
        unpark = null;
        parked = false;
        source?.close();
        source = null;
      }
    };
  }, []);
}
