// inspect output for a database in the slow one-row-per-line layout.
import { formatDiagnosis, inspectSlowLayout } from '../legacy/index.js';

export function inspectLegacyOutput(path: string, json: boolean): string {
  const d = inspectSlowLayout(path);
  return json ? JSON.stringify(d) + '\n' : formatDiagnosis(d) + '\n';
}
