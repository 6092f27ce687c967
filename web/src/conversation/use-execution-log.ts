// React binding of ExecutionLog: one log per execution id, re-rendering on change.
import { useLayoutEffect, useState, useSyncExternalStore } from 'react';
import { ExecutionLog } from './execution-log.js';

export function useExecutionLog(id: string): ExecutionLog {
  const [log, setLog] = useState(() => new ExecutionLog(id));
  // A layout effect: the history request goes out before the page is first painted, not a frame later.
  useLayoutEffect(() => {
    const current = new ExecutionLog(id);
    setLog(current);
    void current.start();
    return () => current.close();
  }, [id]);
  useSyncExternalStore(log.subscribe, log.getVersion);
  return log;
}
