// Hash routing: `#/` (executions) and `#/executions/:id[/raw|/conversation]`.
import { useEffect, useState } from 'react';

export type Tab = 'conversation' | 'raw';
export type Route = { page: 'list' } | { page: 'execution'; id: string; tab: Tab | null };

export function parseRoute(hash: string): Route {
  const m = /^#?\/executions\/([^/?#]+)(?:\/(conversation|raw))?\/?$/.exec(hash);
  if (m !== null)
    return { page: 'execution', id: decodeURIComponent(m[1]!), tab: (m[2] as Tab | undefined) ?? null };
  return { page: 'list' };
}

export function executionHref(id: string, tab?: Tab): string {
  return `#/executions/${encodeURIComponent(id)}${tab ? `/${tab}` : ''}`;
}

export function navigate(href: string): void {
  location.hash = href.startsWith('#') ? href.slice(1) : href;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
