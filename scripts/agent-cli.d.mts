// Types for agent-cli.mjs (imported by the TypeScript tests).
export declare const CLAUDE_CODE: { pkg: string; pinned: string };
export declare const OTHER_AGENT_CLIS: Record<
  'codex' | 'gemini' | 'qwen-code',
  { pkg: string; pinned: string }
>;
export declare const DEFAULT_CACHE: string;
export declare class AgentCliUnavailable extends Error {}
export interface InstalledAgentCli {
  pkg: string;
  version: string;
  dir: string;
  bin: string;
  reused: boolean;
}
export declare function latestVersion(pkg: string): string;
export declare function installAgentCli(o?: {
  pkg?: string;
  version?: string;
  cacheDir?: string;
  log?: (line: string) => void;
}): InstalledAgentCli;
