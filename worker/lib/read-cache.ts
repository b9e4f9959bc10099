/**
 * The read cache's generation (see worker/middleware/cache.ts): every entry's key holds the
 * generation it was stored under, so starting a new one purges every entry at once. The
 * middleware reads it and starts one after a write; the job starts one after a run that changed
 * data. No HTTP here: only the Workers Cache API.
 */

// Internal keys live under the API's own origin (the Cache API is per zone), on a path no
// route answers.
export const READ_CACHE_PREFIX = "/__read-cache";

/** The Workers Cache API, or undefined where there is none (Node, a failing runtime). */
export function defaultCache(): Cache | undefined {
  try {
    return typeof caches === "undefined" ? undefined : caches.default;
  } catch {
    return undefined;
  }
}

/** Start a new cache generation for an origin: every entry stored before is never read again. */
export async function purgeReadCache(origin: string): Promise<void> {
  const cache = defaultCache();
  if (!cache) return;
  const value = crypto.randomUUID();
  try {
    await cache.put(generationKey(origin), generationResponse(value));
    generations.set(origin, { value, readAt: Date.now() });
  } catch (err) {
    console.error("read cache purge failed:", (err as Error).message);
  }
}

const generationKey = (origin: string) => `${origin}${READ_CACHE_PREFIX}/generation`;

function generationResponse(value: string): Response {
  // Outlives any entry; if the cache evicts it, a new generation starts (a few misses, no harm).
  return new Response(value, { headers: { "Cache-Control": "public, max-age=86400" } });
}

/*
 * The generation an isolate last read, trusted for a second: a hit then needs no lookup at all.
 * A write in this isolate replaces it at once; one in another isolate is seen within the second.
 */
const GENERATION_TRUST_MS = 1000;
const generations = new Map<string, { value: string; readAt: number }>();

/** The origin's current generation, started if it has none. */
export async function generation(cache: Cache, origin: string): Promise<string> {
  const known = generations.get(origin);
  if (known && Date.now() - known.readAt < GENERATION_TRUST_MS) return known.value;
  const current = await cache.match(generationKey(origin));
  let value: string;
  if (current) {
    value = await current.text();
  } else {
    value = crypto.randomUUID();
    await cache.put(generationKey(origin), generationResponse(value));
  }
  generations.set(origin, { value, readAt: Date.now() });
  return value;
}
