// Copies an owner's SSE response to a viewer, whole events only (a cut never leaves half an event), with
// backpressure; notes the last event id so a lost owner can be resumed from exactly there.
import type { IncomingMessage } from 'node:http';
import type { SseWriter } from '../http/sse.js';
import { DELETED_EVENT, FINISHED_EVENT } from '../protocol/sse-events.js';

export interface Forwarded {
  /** ended: the owner sent `finished` or `deleted`; lost: it went away first; left: the viewer left. */
  outcome: 'ended' | 'lost' | 'left';
  /** The id of the last event forwarded, or null if none had one. */
  lastId: number | null;
}

const ENDINGS = [FINISHED_EVENT, DELETED_EVENT].map((name) => `event: ${name}\n`);

/** What forwarding needs of the viewer's SSE response. */
export type ForwardTarget = Pick<SseWriter, 'forward' | 'drained' | 'onClose'>;

export function forwardEvents(upstream: IncomingMessage, sse: ForwardTarget): Promise<Forwarded> {
  return new Promise((resolve) => {
    let carry = '';
    let lastId: number | null = null;
    let ended = false;
    let done = false;
    const finish = (outcome: Forwarded['outcome']) => {
      if (done) return;
      done = true;
      if (outcome !== 'ended') upstream.destroy();
      resolve({ outcome, lastId });
    };
    upstream.setEncoding('utf8');
    upstream.on('data', (chunk: string) => {
      const s = carry === '' ? chunk : carry + chunk;
      const cut = s.lastIndexOf('\n\n');
      if (cut === -1) {
        carry = s;
        return;
      }
      const events = s.slice(0, cut + 2);
      carry = s.slice(cut + 2);
      // Every event starts after a blank line; inside one, data never holds a newline.
      const at = events.lastIndexOf('\nid: ');
      const idAt = at !== -1 ? at + 1 : events.startsWith('id: ') ? 0 : -1;
      if (idAt !== -1) lastId = Number(events.slice(idAt + 4, events.indexOf('\n', idAt)));
      if (!ended) ended = ENDINGS.some((e) => events.startsWith(e) || events.includes('\n' + e));
      if (!sse.forward(events)) {
        upstream.pause();
        void sse.drained().then(() => upstream.resume());
      }
    });
    upstream.on('end', () => finish(ended ? 'ended' : 'lost'));
    upstream.on('error', () => finish('lost'));
    upstream.on('close', () => finish(ended ? 'ended' : 'lost'));
    sse.onClose(() => finish('left'));
  });
}
