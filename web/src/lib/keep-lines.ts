/**
 * Lines the page holds of a run that is not an agent's (a dev server, a script): the last ones. A server
 * printing for hours (tens of millions of lines) must not fill the tab; the download has them all.
 */
export const KEEP_LINES = 100_000;
