// Form to start an execution: the demo agent (printing as any agent does), a coding agent with a prompt, or a command in a directory.
import { useState, type FormEvent } from 'react';
import { AGENTS, startExecution, type AgentName, type Execution, type NewExecution } from '../lib/api.js';
import type { CreateExecutor, ExecutionKind } from 'tokenfold/protocol';

type Mode = CreateExecutor;

const DEMO_PROMPT = 'Show me what you can do';
const MODES: readonly (readonly [Mode, string])[] = [
  ['demo', 'Demo agent'],
  ...AGENTS,
  ['command', 'Command'],
];

export function NewExecutionForm({ onStarted }: { onStarted: (e: Execution) => void }) {
  const [mode, setMode] = useState<Mode>('demo');
  const [demoFormat, setDemoFormat] = useState<AgentName>('claude-code');
  const [prompt, setPrompt] = useState('');
  const [command, setCommand] = useState('');
  const [cwd, setCwd] = useState('');
  const [kind, setKind] = useState<ExecutionKind>('script');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = (body: NewExecution) => {
    setBusy(true);
    setError(null);
    startExecution(body)
      .then(onStarted)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  // The server's default demo is Claude Code's: the field is sent only for another agent.
  const demo = (p: string): NewExecution => ({
    executor: 'demo',
    prompt: p,
    ...(demoFormat !== 'claude-code' ? { format: demoFormat } : {}),
  });

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());
    if (mode === 'command') start({ executor: 'command', command, cwd: opt(cwd), kind, label: opt(label) });
    else if (mode === 'demo')
      start({ ...demo(opt(prompt) ?? DEMO_PROMPT), cwd: opt(cwd), label: opt(label) });
    else start({ executor: mode, prompt, cwd: opt(cwd), label: opt(label) });
  };
  const agentName = AGENTS.find(([a]) => a === mode)?.[1] ?? 'the agent';

  return (
    <form className="card new-execution" data-testid="new-execution-form" onSubmit={submit}>
      <div className="form-head">
        <h2>New execution</h2>
        <div className="demo-start">
          <select
            aria-label="Demo agent format"
            value={demoFormat}
            onChange={(e) => setDemoFormat(e.target.value as AgentName)}
            data-testid="demo-format"
          >
            {AGENTS.map(([a, name]) => (
              <option key={a} value={a}>
                {name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn"
            data-testid="start-demo"
            disabled={busy}
            onClick={() => start(demo(prompt.trim() || DEMO_PROMPT))}
          >
            ▶ Start demo agent
          </button>
        </div>
      </div>
      <div className="segmented" role="radiogroup" aria-label="Executor">
        {MODES.map(([m, name]) => (
          <label key={m} className={mode === m ? 'on' : ''}>
            <input
              type="radio"
              name="mode"
              value={m}
              checked={mode === m}
              onChange={() => setMode(m)}
              data-testid={`mode-${m}`}
            />
            {name}
          </label>
        ))}
      </div>
      {mode !== 'command' ? (
        <label className="field">
          <span>Prompt</span>
          <textarea
            data-testid="prompt-input"
            value={prompt}
            rows={3}
            required={mode !== 'demo'}
            placeholder={mode === 'demo' ? DEMO_PROMPT : `What should ${agentName} do?`}
            onChange={(e) => setPrompt(e.target.value)}
          />
        </label>
      ) : (
        <div className="field-row">
          <label className="field grow">
            <span>Command</span>
            <input
              data-testid="command-input"
              value={command}
              required
              placeholder="npm run dev"
              onChange={(e) => setCommand(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Kind</span>
            <select
              value={kind}
              onChange={(e) => setKind(e.target.value as ExecutionKind)}
              data-testid="kind-select"
            >
              <option value="script">script</option>
              <option value="dev-server">dev-server</option>
            </select>
          </label>
        </div>
      )}
      <div className="field-row">
        <label className="field grow">
          <span>Working directory{mode === 'command' ? '' : ' (optional)'}</span>
          <input
            data-testid="cwd-input"
            value={cwd}
            placeholder="/path/to/project"
            onChange={(e) => setCwd(e.target.value)}
          />
        </label>
        <label className="field grow">
          <span>Label (optional)</span>
          <input data-testid="label-input" value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
      </div>
      {error !== null && (
        <div className="error-box" role="alert" data-testid="form-error">
          {error}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="start-execution" disabled={busy}>
          {busy ? 'Starting…' : 'Start'}
        </button>
      </div>
    </form>
  );
}
