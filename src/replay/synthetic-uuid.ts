// A deterministic stand-in for a folded delta's dropped uuid, unique per line of an execution.
export function syntheticUuid(seq: number): string {
  return '00000000-0000-4000-8000-' + seq.toString(16).padStart(12, '0');
}
