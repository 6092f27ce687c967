import { describe, expect, it } from 'vitest';
import { statusFromExit } from './status.js';

describe('statusFromExit', () => {
  it.each([
    [{ exitCode: 0, signal: null }, false, 'completed'],
    [{ exitCode: 1, signal: null }, false, 'failed'],
    [{ exitCode: 3, signal: null }, false, 'failed'],
    [{ exitCode: null, signal: 'SIGKILL' as const }, false, 'killed'],
    [{ exitCode: null, signal: 'SIGTERM' as const }, true, 'killed'],
    [{ exitCode: 0, signal: null }, true, 'killed'],
    [{ exitCode: 143, signal: null }, true, 'killed'],
    [{ exitCode: null, signal: null, error: new Error('cannot start') }, false, 'failed'],
  ])('%o stopped=%s → %s', (exit, stopped, status) => {
    expect(statusFromExit(exit, stopped)).toEqual({ status, exitCode: exit.exitCode, signal: exit.signal });
  });
});
