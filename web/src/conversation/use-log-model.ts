// React binding of LogModel: one log per execution id, re-rendering on change.
import { useLayoutEffect, useState, useSyncExternalStore } from 'react';
import { LogModel } from './log-model.js';

export function useLogModel(id: string): LogModel {
  const [log, setLog] = useState(() => new LogModel(id));
  // A layout effect: the history request goes out before the page is first painted, not a frame later.
  useLayoutEffect(() => {
    const current = new LogModel(id);
    setLog(current);
    void current.start();
    return () => current.close();
  }, [id]);
  useSyncExternalStore(log.subscribe, log.getVersion);
  return log;
}
