/**
 * `npm run bench -- read`: an uncached page of the proposals list (a filter and a sort, 50 rows)
 * over ≥ 50,000 proposals, at 20 connections, beside three baselines measured in the same run:
 * B1 a bare route in the same Worker (no I/O), B2 a Worker route opening a fresh Neon Pool per
 * request to run the same statement, B3 the same statement through one pooled client in Node,
 * B4 the same statement in the Worker over Neon's HTTP queries (the path the API's reads take;
 * locally the proxy's `POST /sql`, dev/sql-over-http.ts).
 */
import { BENCH_LIST, BENCH_LIST_PATH } from "../worker/routes/bench/list-sql.ts";
import {
  benchStack,
  fmt,
  header,
  type Load,
  load,
  log,
  median,
  startWorker,
  table,
  verdict,
} from "./lib/harness.ts";
import { nodePoolLoad } from "./lib/node-pool.ts";
import { scaleProposals } from "./lib/scale.ts";

const TARGET_ROWS = Number(process.env.BENCH_PROPOSALS ?? 50_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 20;
/** The API's own path with the cache bypassed, as an editor's or a first read is. */
const NO_CACHE = { "Cache-Control": "no-cache" };

header(`read: GET ${BENCH_LIST_PATH} (uncached) at ${CONNECTIONS} connections`);
const stack = await benchStack();
const worker = await (async () => {
  const { db, close } = stack.connect();
  try {
    const started = performance.now();
    const rows = await scaleProposals(db, TARGET_ROWS);
    log(`scaled to ${rows} proposals in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await close();
  }
  return startWorker(stack);
})();

try {
  const api = `${worker.url}${BENCH_LIST_PATH}`;
  const b1 = `${worker.url}/__bench/noop`;
  const b2 = `${worker.url}/__bench/list-sql`;
  const b4 = `${worker.url}/__bench/list-http`;
  // The API and B2 must read the same rows, or the comparison means nothing.
  const page = (await (await fetch(api, { headers: NO_CACHE })).json()) as {
    data: { id: number }[];
  };
  const raw = (await (await fetch(b2)).json()) as { data: { id: string | number }[] };
  const overHttp = (await (await fetch(b4)).json()) as { data: { id: string | number }[] };
  const same = page.data.every(
    (row, i) =>
      String(row.id) === String(raw.data[i]?.id) && String(row.id) === String(overHttp.data[i]?.id),
  );
  if (page.data.length !== 50 || raw.data.length !== 51 || overHttp.data.length !== 51 || !same) {
    throw new Error(
      "the API's page and B2's rows differ: the baselines do not measure the same read",
    );
  }
  log("the API page, B2 and B4 read the same 50 (+1) rows");

  const warm = { connections: CONNECTIONS, seconds: 2 };
  await load("warm", b1, warm);
  await load("warm", b2, warm);
  await load("warm", b4, warm);
  await load("warm", api, { ...warm, headers: NO_CACHE });

  const runs: Record<string, Load[]> = { b1: [], b2: [], api: [], b3: [], b4: [] };
  const opts = { connections: CONNECTIONS, seconds: SECONDS };
  for (let round = 1; round <= ROUNDS; round++) {
    log(`round ${round}/${ROUNDS}: B1, B2, API, B3, B4 for ${SECONDS} s each`);
    runs.b1?.push(await load("B1 bare Hono route (no I/O)", b1, opts));
    runs.b2?.push(await load("B2 Worker: fresh Pool + same SQL", b2, opts));
    runs.api?.push(await load("API list page (uncached)", api, { ...opts, headers: NO_CACHE }));
    runs.b3?.push(await nodePoolLoad("B3 Node: pooled client, same SQL", stack, BENCH_LIST, opts));
    runs.b4?.push(await load("B4 Worker: HTTP query, same SQL", b4, opts));
  }
  const [B1, B2, API, B3, B4] = (["b1", "b2", "api", "b3", "b4"] as const).map((k) =>
    median(runs[k] ?? []),
  );
  if (!B1 || !B2 || !API || !B3 || !B4) throw new Error("missing runs");

  console.log(
    `\n  ${ROUNDS} rounds of ${SECONDS} s, median round shown; ${CONNECTIONS} connections (B3: ${CONNECTIONS} pooled connections)\n`,
  );
  console.log(
    table([
      ["", "req/s", "p50", "p99", "requests", "failed"],
      ...[B1, B2, API, B3, B4].map((r) => [
        r.label,
        fmt.rps(r.rps),
        fmt.ms(r.p50),
        fmt.ms(r.p99),
        r.requests,
        r.failures,
      ]),
    ]),
  );
  console.log(
    `\n  ratios: API/B2 req/s ${verdict(API.rps / B2.rps, 0.9)} · API p99/B2 p99 ${verdict(API.p99 / B2.p99, 2, false)} · B2/B1 ${(B2.rps / B1.rps).toFixed(2)} · B2/B3 ${(B2.rps / B3.rps).toFixed(2)}`,
  );
  console.log(
    `  over HTTP: API/B3 req/s ${verdict(API.rps / B3.rps, 0.5)} (target: within 2× of B3) · B4/B3 ${(B4.rps / B3.rps).toFixed(2)} · API/B4 ${(API.rps / B4.rps).toFixed(2)} · B4/B2 ${(B4.rps / B2.rps).toFixed(2)}`,
  );
  if ([B1, B2, API, B4].some((r) => r.failures > 0)) {
    console.log("  WARNING: some requests failed (non-2xx or errors); see the failed column");
  }
} finally {
  await worker.stop();
  await stack.close();
}
