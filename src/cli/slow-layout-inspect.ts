// inspect output for a database in the slow one-row-per-line layout.
import { formatDiagnosis, inspectSlowLayout } from '../slow-layout/index.js';

export function inspectSlowLayoutOutput(path: string, json: boolean): string {
  const d = inspectSlowLayout(path);
  return json ? JSON.stringify(d) + '\n' : formatDiagnosis(d) + '\n';
}
