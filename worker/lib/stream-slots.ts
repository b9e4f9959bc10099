/**
 * Slots for streamed exports, counted per Worker isolate.
 *
 * Why a counter in memory: a streamed export holds a database connection and reads the table in
 * batches for as long as the client reads, so what must be bounded is how many run *at once*,
 * not how many start per minute (the Rate Limiting binding counts requests per period and cannot
 * see a request end; KV is eventually consistent and cannot count at all). One isolate serves
 * many requests concurrently on one thread, so a plain counter there is exact for that isolate
 * with no I/O, and it is released when the body ends or the client goes away. A limit across
 * every isolate would need a Durable Object as a semaphore (a round trip on every export and a
 * new class to deploy); the full, unfiltered dataset is served from the daily snapshot instead,
 * so the streams left are filtered lists, and a per-isolate bound is what keeps them from
 * starving the reads that share that isolate's connections.
 *
 * A slot whose release never came (a body dropped unread, e.g. behind a 304) expires after its
 * lease (`EXPORT_LEASE_MS`, 10 minutes), so a leak can only shrink the limit for that long; and
 * the stream holding it is ended when the lease ends (lists.ts), so no stream outlives its slot
 * and the limit holds against clients that read slowly on purpose.
 */
const inFlight = new Map<number, number>();
let nextId = 0;

/** Take a slot if fewer than `limit` are taken: its release (idempotent), or null when full. */
export function takeStreamSlot(
  limit: number,
  leaseMs: number,
  now = Date.now(),
): (() => void) | null {
  for (const [id, startedAt] of inFlight) if (now - startedAt > leaseMs) inFlight.delete(id);
  if (inFlight.size >= limit) return null;
  const id = nextId++;
  inFlight.set(id, now);
  return () => {
    inFlight.delete(id);
  };
}
