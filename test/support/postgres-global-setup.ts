// Vitest global setup: is there a PostgreSQL for the PostgreSQL tests? Checked once per run; on a
// machine without one they skip with one line, except with CI=true, where they fail.
import type { TestProject } from 'vitest/node';

export const DEFAULT_TEST_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An admin URL of a reachable PostgreSQL, or why there is none. */
    postgres: { url: string } | { missing: string };
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.TOKENFOLD_TEST_PG ?? DEFAULT_TEST_PG;
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    project.provide('postgres', { url });
  } catch (err) {
    const missing = `no PostgreSQL at ${url} (${(err as Error).message})`;
    project.provide('postgres', { missing });
    if (process.env.CI !== 'true')
      process.stdout.write(
        `PostgreSQL tests skipped: ${missing}; start PostgreSQL there or set TOKENFOLD_TEST_PG=postgres://… to run them\n`,
      );
  } finally {
    await client.end().catch(() => {});
  }
}
