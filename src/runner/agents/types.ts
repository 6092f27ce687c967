// What every agent executor takes.

export interface AgentRequest {
  prompt: string;
  /** The executable; default `$TOKENFOLD_<AGENT>_BIN`, then the agent's usual name on PATH. */
  binary?: string;
  cwd?: string;
  /** The agent's session to continue (a follow-up prompt): its id as the agent printed it. */
  resume?: string;
}
