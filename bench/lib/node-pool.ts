import { Pool } from "@neondatabase/serverless";
import { createDb } from "../../db/client.ts";
import { type ProposalListOptions, proposalPageQuery } from "../../db/queries/proposals.ts";
import type { Stack } from "../../dev/stack.ts";
import type { Load } from "./harness.ts";

/**
 * B3: the list's statement through one pooled Neon driver client in Node (`connections`
 * connections, opened once), as fast as it answers: what the database and the proxy allow.
 */
export async function nodePoolLoad(
  label: string,
  stack: Stack,
  list: ProposalListOptions,
  opts: { connections?: number; seconds?: number } = {},
): Promise<Load> {
  const connections = opts.connections ?? 20;
  // createDb points the driver at the local proxy; its own pool only renders the statement.
  const { db, close } = createDb({ databaseUrl: stack.databaseUrl, wsProxy: stack.wsProxy });
  const statement = proposalPageQuery(db, list).toSQL();
  await close();
  const pool = new Pool({ connectionString: stack.databaseUrl, max: connections });
  pool.on("error", () => undefined);
  try {
    // Open every connection before the clock starts.
    await Promise.all(
      Array.from({ length: connections }, () => pool.query(statement.sql, statement.params)),
    );
    const latencies: number[] = [];
    let failures = 0;
    const started = performance.now();
    const deadline = started + (opts.seconds ?? 10) * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const t = performance.now();
          try {
            await pool.query(statement.sql, statement.params);
            latencies.push(performance.now() - t);
          } catch {
            failures++;
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return {
      label,
      rps: latencies.length / elapsed,
      p50: at(0.5),
      p99: at(0.99),
      requests: latencies.length,
      failures,
    };
  } finally {
    await pool.end();
  }
}
