// The Raw tab: every stdout/stderr line with its seq, ANSI colours rendered, virtualised with follow-tail.
import { memo, useCallback, useEffect, useState } from 'react';
import { afterCarriageReturn } from 'tokenfold/conversation';
import { AnsiText } from '../components/ansi-text.js';
import type { LogModel, LogLine } from '../conversation/log-model.js';
import { downloadUrl } from '../lib/api.js';
import { KEEP_LINES } from '../lib/keep-lines.js';
import { JumpToLatest } from '../conversation/jump-to-latest.js';
import { VirtualList } from '../virtual/virtual-list.js';

/** Longer lines are cut until expanded (a single stream-json line can hold a whole file). */
const CUT = 4000;

export function RawView({ log }: { log: LogModel }) {
  const [follow, setFollow] = useState(true);
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());
  // A finished execution's log holds no lines until asked.
  useEffect(() => log.wantLines(), [log]);
  const lines = log.lines;
  const count = lines.length;
  const itemKey = useCallback((i: number) => String(lines[i]!.seq), [lines]);
  const estimate = useCallback(
    (i: number) => 20 * Math.max(1, Math.ceil(Math.min(lines[i]!.text.length, CUT) / 140)),
    [lines],
  );
  const onOpen = useCallback((seq: number) => setOpen((s) => new Set(s).add(seq)), []);
  return (
    <div className="raw" data-testid="raw-view" data-lines={count}>
      {log.error !== null && <div className="error-box">Could not load the history: {log.error}</div>}
      {log.earlier && (
        <div className="raw-earlier" data-testid="raw-earlier">
          The last {KEEP_LINES.toLocaleString('en-US')} lines are shown; earlier ones are in the{' '}
          <a href={downloadUrl(log.id, 'raw')} download>
            whole log
          </a>
          .
        </div>
      )}
      {!log.linesReady && log.error === null && <div className="empty">Loading…</div>}
      {log.linesReady && count === 0 && <div className="empty">No output yet.</div>}
      {count > 0 && (
        <VirtualList
          count={count}
          itemKey={itemKey}
          renderItem={(i) => <RawLine line={lines[i]!} open={open.has(lines[i]!.seq)} onOpen={onOpen} />}
          estimateHeight={estimate}
          follow={follow}
          onFollowChange={setFollow}
          className="raw-list"
        />
      )}
      {!follow && <JumpToLatest onClick={() => setFollow(true)} />}
    </div>
  );
}

const RawLine = memo(function RawLine({
  line,
  open,
  onOpen,
}: {
  line: LogLine;
  open: boolean;
  onOpen: (seq: number) => void;
}) {
  const text = afterCarriageReturn(line.text);
  const cut = !open && text.length > CUT;
  return (
    <div
      className={`raw-line${line.stream === 'stderr' ? ' stderr' : ''}`}
      data-testid="raw-line"
      data-seq={line.seq}
    >
      <span className="raw-seq">{line.seq}</span>
      <span className="raw-text">
        <AnsiText text={cut ? text.slice(0, CUT) : text} />
        {cut && (
          <button type="button" className="link-btn" onClick={() => onOpen(line.seq)}>
            … {text.length - CUT} more characters
          </button>
        )}
      </span>
    </div>
  );
});
