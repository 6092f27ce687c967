// Live streams of a tab that stays hidden are closed and reopened when it is shown again. A browser allows six
// HTTP/1.1 connections per server and every open tab holds one or two event streams, so without this a few
// background tabs stall the next tab's live view. Both streams resume exactly (event ids), nothing is lost.

/** How long a tab stays hidden before its streams are closed (a quick tab switch keeps them). */
export const PARK_AFTER_MS = 5_000;

export interface Parkable {
  /** Closes the stream (called once the tab has been hidden for a while). */
  park(): void;
  /** Reopens it, resuming after the last event received (the tab is visible again). */
  resume(): void;
}

/** Calls `park` once the page has been hidden for `afterMs`, `resume` when it is visible again; returns the remover. */
export function parkWhenHidden(target: Parkable, afterMs = PARK_AFTER_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let parked = false;
  const onChange = (): void => {
    clearTimeout(timer);
    if (document.visibilityState === 'hidden') {
      timer = setTimeout(() => {
        parked = true;
        target.park();
      }, afterMs);
    } else if (parked) {
      parked = false;
      target.resume();
    }
  };
  document.addEventListener('visibilitychange', onChange);
  onChange();
  return () => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onChange);
  };
}
