/**
 * Harness for the live tests: the same stack as `npm start` (database, ws proxy, migrations,
 * seed, `wrangler dev`), started from Node on free ports with a database of its own, and
 * reached over real HTTP. Start it once per file, in `beforeAll` (wrangler dev takes 5-20 s):
 *
 * ```ts
 * let api: LiveApi;
 * beforeAll(async () => { api = await startLiveApi({ seed: "reference" }) });
 * afterAll(() => api?.close());
 * it("answers", async () => expect((await api.fetch("/healthz")).status).toBe(200));
 * ```
 *
 * The database is in-memory PGlite, or, when DATABASE_URL is set (as in CI), a fresh database
 * created on that server for this stack and dropped by `close()`. Files of the live project run
 * one at a time (vitest.config.ts), so a test may load its Worker or take its database away.
 */
import { insertKey } from "../../db/queries/keys.ts";
import { commissions } from "../../db/schema/index.ts";
import { type LocalApi, type LocalApiOptions, startLocalApi } from "../../dev/local-api.ts";
import { generateKey } from "../../worker/lib/keys.ts";

export type LiveApi = LocalApi & {
  /** `fetch` relative to the Worker's URL: `api.fetch("/v1/proposals?limit=5")`. */
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
};

export type LiveApiOptions = {
  /** Worker vars on top of the stack's own, e.g. `{ RATE_LIMIT_WRITES: "1000000" }`. */
  vars?: Record<string, string>;
  /** The job's upstream stand-ins (DOGE, USAspending, Fiscal Data), as `npm start -- --fixtures`. */
  fixtures?: LocalApiOptions["fixtures"];
  /**
   * What the database starts with: the DOGE API snapshots (`"api"`, the default: what the
   * stand-in serves, ~10 s more), the whole archive (`true`, ~40 s more), `"reference"` (the
   * DOGE commission, its members and the agencies), or nothing.
   */
  seed?: LocalApiOptions["seed"];
};

/** Start a live stack; print wrangler's output if it fails to come up. */
export async function startLiveApi(opts: LiveApiOptions = {}): Promise<LiveApi> {
  const api = await startLocalApi({
    databaseUrl: process.env.DATABASE_URL || undefined,
    isolated: true,
    seed: opts.seed ?? "api",
    fixtures: opts.fixtures ?? false,
    vars: opts.vars ?? {},
    output: "capture",
    readyTimeoutMs: 90_000,
  });
  return {
    ...api,
    fetch: (path, init) => fetch(new URL(path, api.url), init),
  };
}

/** An API key of the given role in the stack's database; `auth` is the header to send. */
export async function liveKey(api: LocalApi, role: "editor" | "admin" = "editor") {
  const key = await generateKey();
  const { db, close } = api.connect();
  try {
    const row = await insertKey(db, {
      name: `live test ${role} ${key.prefix}`,
      role,
      prefix: key.prefix,
      hash: key.hash,
      createdBy: "test",
    });
    return { id: row.id, token: key.token, auth: { Authorization: `Bearer ${key.token}` } };
  } finally {
    await close();
  }
}

/** A commission of the test's own, so its counts are not disturbed by anything else. */
export async function liveCommission(api: LocalApi) {
  const slug = `live-${crypto.randomUUID().slice(0, 8)}`;
  const { db, close } = api.connect();
  try {
    const [row] = await db
      .insert(commissions)
      .values({ slug, name: `Live test commission ${slug}`, jurisdiction: "Test" })
      .returning();
    if (!row) throw new Error("could not create a test commission");
    return row;
  } finally {
    await close();
  }
}
