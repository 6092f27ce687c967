// React binding of ExecutionLog: one log per execution id, re-rendering on change.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { ExecutionLog } from './execution-log.js';

export function useExecutionLog(id: string): ExecutionLog {
  const [log, setLog] = useState(() => new ExecutionLog(id));
  useEffect(() => {
    const current = new ExecutionLog(id);
    setLog(current);
    void current.start();
    return () => current.close();
  }, [id]);
  useSyncExternalStore(log.subscribe, log.getVersion);
  return log;
}
