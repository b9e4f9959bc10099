/**
 * `npm run bench -- cache`: the same list page served from the Workers Cache API (a repeated
 * anonymous read within READ_CACHE_TTL), against B1, a bare route in the same Worker doing no
 * I/O, measured in the same run; with B1 returning a body as large as the page, and the
 * uncached page, for context.
 */
import { BENCH_LIST_PATH } from "../worker/routes/bench/list-sql.ts";
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

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 20;

header(`cache: GET ${BENCH_LIST_PATH} from the read cache at ${CONNECTIONS} connections`);
const stack = await benchStack();
const worker = await startWorker(stack, { READ_CACHE_TTL: "60" });

try {
  const api = `${worker.url}${BENCH_LIST_PATH}`;
  const first = await fetch(api);
  const bytes = (await first.text()).length;
  const second = await fetch(api);
  await second.text();
  const timing = second.headers.get("server-timing") ?? "";
  if (!timing.includes('cache;desc="hit"') || !timing.includes('db;desc="0 queries"')) {
    throw new Error(`a repeated read was not served from the cache (Server-Timing: ${timing})`);
  }
  log(
    `a repeated read is a hit with no query (Server-Timing: ${timing}); the page is ${bytes} bytes`,
  );

  const b1 = `${worker.url}/__bench/noop`;
  const b1Sized = `${b1}?bytes=${bytes}`;
  const noCache = { "Cache-Control": "no-cache" };
  const warm = { connections: CONNECTIONS, seconds: 2 };
  await load("warm", b1, warm);
  await load("warm", b1Sized, warm);
  await load("warm", api, warm);

  const runs: Record<"b1" | "sized" | "cached" | "uncached", Load[]> = {
    b1: [],
    sized: [],
    cached: [],
    uncached: [],
  };
  const opts = { connections: CONNECTIONS, seconds: SECONDS };
  for (let round = 1; round <= ROUNDS; round++) {
    log(`round ${round}/${ROUNDS}: B1, B1 sized, cached, uncached for ${SECONDS} s each`);
    runs.b1.push(await load("B1 bare Hono route (no I/O)", b1, opts));
    runs.sized.push(await load(`B1 with a ${fmt.kib(bytes)} body`, b1Sized, opts));
    runs.cached.push(await load("API list page, cached", api, opts));
    runs.uncached.push(await load("API list page, uncached", api, { ...opts, headers: noCache }));
  }
  const B1 = median(runs.b1);
  const sized = median(runs.sized);
  const cached = median(runs.cached);
  const uncached = median(runs.uncached);
  const after = await fetch(api);
  await after.text();
  const afterTiming = after.headers.get("server-timing") ?? "";
  log(
    afterTiming.includes("hit")
      ? `after the load, still a hit: ${afterTiming}`
      : `after the load, a miss (${afterTiming}): the entry reached its 60 s and was read again, as once a minute in production`,
  );

  console.log(`\n  ${ROUNDS} rounds of ${SECONDS} s, median round shown\n`);
  console.log(
    table([
      ["", "req/s", "p50", "p99", "requests", "failed"],
      ...[B1, sized, cached, uncached].map((r) => [
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
    `\n  ratios: cached/B1 ${verdict(cached.rps / B1.rps, 0.8)} · cached/B1 same body ${(cached.rps / sized.rps).toFixed(2)} · cached/uncached ${(cached.rps / uncached.rps).toFixed(1)}×`,
  );
} finally {
  await worker.stop();
  await stack.close();
}
