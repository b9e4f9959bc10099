/**
 * `npm run bench -- export`: the full CSV export (`GET /v1/export/proposals.csv`) at 10,000,
 * 50,000 and 100,000 proposals: time, size, and memory while the body streams, two ways: the
 * Worker isolate's JS heap (what the Workers 128 MB limit counts; `Runtime.getHeapUsage` over
 * wrangler's DevTools endpoint every 25 ms) and the resident memory of the workerd process
 * (/proc, every 20 ms; it includes workerd itself, and V8 grows its heap lazily, so it rises with
 * use whatever the code does). Each size is exported once to warm up, then measured, then V8 is
 * asked for a full collection to see what stays live. The heap's peak includes garbage not yet
 * collected, so it moves with V8's timing; constant memory means it grows far less than the rows
 * (at most a quarter as fast) and stays under the isolate's 128 MiB, which a body held in memory
 * (80 MiB of CSV at 100,000 rows, more as strings and rows) could not.
 */
import {
  benchStack,
  fmt,
  header,
  heapSampler,
  log,
  rss,
  startWorker,
  table,
  withPeakRss,
  workerdPid,
} from "./lib/harness.ts";
import { scaleProposals } from "./lib/scale.ts";

const SIZES = (process.env.BENCH_EXPORT_SIZES ?? "10000,50000,100000").split(",").map(Number);
const PATH = "/v1/export/proposals.csv";
/** The memory limit of a Worker isolate. */
const LIMIT = 128 * 1024 * 1024;

header(`export: GET ${PATH} at ${SIZES.join(", ")} proposals`);
const stack = await benchStack();
const worker = await startWorker(stack);

type Run = {
  rows: number;
  bytes: number;
  ms: number;
  before: number;
  peak: number;
  heapBefore: number;
  heapPeak: number;
  heapAfter: number;
};

try {
  const pid = workerdPid(worker.pid);
  if (!pid) throw new Error("cannot find the workerd process of wrangler dev");
  log(`workerd pid ${pid}, ${fmt.mib(rss(pid))} resident at start`);
  const heap = await heapSampler(worker);
  const runs: Run[] = [];
  for (const size of SIZES) {
    const { db, close } = stack.connect();
    let rows: number;
    try {
      rows = await scaleProposals(db, size);
    } finally {
      await close();
    }
    // The first export warms the isolate and the database's cache; the second is measured.
    await download(`${worker.url}${PATH}`);
    const measured = await heap.peakDuring(() =>
      withPeakRss(pid, () => download(`${worker.url}${PATH}`)),
    );
    const { result, before, peak } = measured.result;
    runs.push({
      ...result,
      rows,
      before,
      peak,
      heapBefore: measured.before,
      heapPeak: measured.peak,
      heapAfter: await heap.afterGc(),
    });
    log(
      `${rows} rows: ${(result.ms / 1000).toFixed(2)} s, JS heap peak ${fmt.mib(measured.peak)}, RSS peak ${fmt.mib(peak)}`,
    );
  }
  console.log("");
  console.log(
    table([
      [
        "",
        "rows",
        "size",
        "time",
        "rows/s",
        "heap before",
        "heap peak",
        "heap after GC",
        "RSS before",
        "RSS peak",
      ],
      ...runs.map((r) => [
        "CSV export",
        r.rows,
        fmt.mib(r.bytes),
        `${(r.ms / 1000).toFixed(2)} s`,
        (r.rows / (r.ms / 1000)).toFixed(0),
        fmt.mib(r.heapBefore),
        fmt.mib(r.heapPeak),
        fmt.mib(r.heapAfter),
        fmt.mib(r.before),
        fmt.mib(r.peak),
      ]),
    ]),
  );
  const small = runs[0];
  const large = runs.at(-1);
  if (small && large && small !== large) {
    const rowsRatio = large.rows / small.rows;
    const heapRatio = large.heapPeak / small.heapPeak;
    // Held in memory, the body alone would grow the heap with the rows (and pass the limit).
    const flat = heapRatio <= rowsRatio / 4 && large.heapPeak < LIMIT;
    console.log(
      `\n  ratios: rows ${rowsRatio.toFixed(1)}× · body ${(large.bytes / small.bytes).toFixed(1)}× · time ${(large.ms / small.ms).toFixed(1)}× · JS heap peak ${heapRatio.toFixed(2)}×, ${fmt.mib(large.heapPeak)} at ${large.rows} rows (constant memory, target ≤ ${(rowsRatio / 4).toFixed(1)}× and under the ${fmt.mib(LIMIT)} isolate limit: ${flat ? "met" : "MISSED"}) · RSS peak ${(large.peak / small.peak).toFixed(2)}×`,
    );
  }
  heap.close();
} finally {
  await worker.stop();
  await stack.close();
}

/** Read the whole body as a client would, counting its bytes. */
async function download(url: string) {
  const started = performance.now();
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`${url}: ${res.status}`);
  let bytes = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
  }
  return { bytes, ms: performance.now() - started };
}
