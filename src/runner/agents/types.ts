// What every agent executor takes.

export interface AgentRequest {
  prompt: string;
  /** The executable; default `$TOKENFOLD_<AGENT>_BIN`, then the agent's usual name on PATH. */
  binary?: string;
  cwd?: string;
}
