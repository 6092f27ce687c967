// Responses web/public/boot.js asked for before this script ran, by URL: each is taken once (then the
// URL is fetched as usual), and only while the page is the one they were asked for.
declare global {
  interface Window {
    __tokenfoldPrefetch?: Record<string, Promise<Response> | undefined>;
  }
}

/** Past this age (ms since the page loaded) a response not taken yet is not used: it may be stale by then. */
const FRESH_MS = 5000;

/** The prefetched response for a GET of `url` (path and query, as requested), if there is one. */
export function takePrefetched(url: string): Promise<Response> | undefined {
  const all = window.__tokenfoldPrefetch;
  const p = all?.[url];
  if (p !== undefined) delete all![url];
  return performance.now() < FRESH_MS ? p : undefined;
}
