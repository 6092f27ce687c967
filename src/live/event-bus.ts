// In-process event bus: replaces per-insert database hooks. Listeners get executions as they change.
import { EventEmitter } from 'node:events';
import type { Execution } from '../store/types.js';

export interface Progress {
  id: string;
  lines: number;
  deltasFolded: number;
  bytesIn: number;
}

export interface BusEvents {
  created: [Execution];
  status: [Execution];
  progress: [Progress];
  /** An execution and its rows were deleted. */
  deleted: [{ id: string }];
}

export class EventBus extends EventEmitter<BusEvents> {
  constructor() {
    super();
    this.setMaxListeners(0);
  }

  /** Skip building payloads nobody will read (pino's hasSubscribers idea). */
  listening(event: keyof BusEvents): boolean {
    return this.listenerCount(event) > 0;
  }
}
