import * as v from "valibot";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  BudgetExhausted,
  type FetchPolicy,
  fetchWithPolicy,
  parseRetryAfter,
  parseUpstream,
  SubrequestBudget,
  UpstreamError,
} from "../../worker/jobs/sources/http.ts";

// The job's upstream client on its own: fetch is stubbed with a script of answers, and sleeps
// are recorded instead of taken.
type Answer = Response | Error | "hang";

function scripted(answers: Answer[]) {
  const seen: { url: string; method: string; body: string | null }[] = [];
  vi.stubGlobal("fetch", async (url: URL, init: RequestInit) => {
    seen.push({
      url: String(url),
      method: init.method ?? "GET",
      body: (init.body as string) ?? null,
    });
    const next = answers.shift() ?? new Error("no more answers");
    if (next === "hang") {
      return new Promise((_, reject) =>
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      );
    }
    if (next instanceof Error) throw next;
    return next;
  });
  return seen;
}

function policy(over: Partial<FetchPolicy> = {}) {
  const sleeps: number[] = [];
  const p: FetchPolicy = {
    budget: new SubrequestBudget(10),
    timeoutMs: 50,
    retries: 3,
    baseDelayMs: 100,
    maxDelayMs: 5_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...over,
  };
  return { p, sleeps };
}

const url = new URL("https://upstream.example/list");
afterEach(() => vi.unstubAllGlobals());

describe("fetchWithPolicy", () => {
  it("retries 5xx, 429 and network errors with backoff, then answers", async () => {
    const seen = scripted([
      new Response("down", { status: 503 }),
      new TypeError("connection reset"),
      new Response("slow down", { status: 429, headers: { "Retry-After": "2" } }),
      new Response("[1]", { status: 200 }),
    ]);
    const { p, sleeps } = policy();
    expect(await fetchWithPolicy(url, p)).toEqual({ status: 200, text: "[1]" });
    expect(seen).toHaveLength(4);
    expect(p.budget.used).toBe(4);
    // Full jitter below the exponential cap, then exactly what Retry-After asked for.
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
    expect(sleeps[2]).toBe(2_000);
  });

  it("does not retry a 4xx, and names the URL and status in its error", async () => {
    const seen = scripted([new Response("nope", { status: 404 })]);
    const { p } = policy();
    const err = await fetchWithPolicy(url, p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).message).toBe(`GET ${url}: HTTP 404`);
    expect((err as UpstreamError).status).toBe(404);
    expect(seen).toHaveLength(1);
  });

  it("treats an accepted status as an answer, and sends JSON bodies on POST", async () => {
    const seen = scripted([new Response("{}", { status: 404 })]);
    const { p } = policy();
    const answer = await fetchWithPolicy(url, p, { method: "POST", json: { a: 1 }, accept: [404] });
    expect(answer.status).toBe(404);
    expect(seen[0]).toMatchObject({ method: "POST", body: '{"a":1}' });
  });

  it("gives up honestly when Retry-After asks for longer than it may wait", async () => {
    scripted([new Response("later", { status: 503, headers: { "Retry-After": "3600" } })]);
    const { p, sleeps } = policy();
    const err = (await fetchWithPolicy(url, p).catch((e: unknown) => e)) as UpstreamError;
    expect(err.message).toContain("HTTP 503 (asked to retry after 3600 s)");
    expect(err.retryAfterMs).toBe(3_600_000);
    expect(sleeps).toEqual([]);
  });

  it("times out a request that never answers, and retries it", async () => {
    scripted(["hang", "hang"]);
    const { p } = policy({ retries: 1 });
    const err = (await fetchWithPolicy(url, p).catch((e: unknown) => e)) as UpstreamError;
    expect(err.message).toBe(`GET ${url}: no answer within 50 ms`);
    expect(p.budget.used).toBe(2);
  });

  it("spends one subrequest per attempt and stops when the run's budget is spent", async () => {
    scripted([new Response("", { status: 500 }), new Response("", { status: 500 })]);
    const { p } = policy({ budget: new SubrequestBudget(2) });
    const err = (await fetchWithPolicy(url, p).catch((e: unknown) => e)) as UpstreamError;
    expect(err.message).toBe(`GET ${url}: HTTP 500`);
    expect(p.budget.left).toBe(0);
    expect(() => p.budget.spend()).toThrow(BudgetExhausted);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates, and ignores nonsense", () => {
    expect(parseRetryAfter("7")).toBe(7_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    expect(parseRetryAfter(inAMinute)).toBeGreaterThan(55_000);
    expect(parseRetryAfter("Thu, 01 Jan 1970 00:00:00 GMT")).toBe(0);
  });
});

describe("parseUpstream", () => {
  const Schema = v.object({ total: v.string() });

  it("keeps a number's exact source text, so money never passes through a float", () => {
    const body = parseUpstream(Schema, '{"total": 31734918636.860065}', "sums");
    expect(body.total).toBe("31734918636.860065");
  });

  it("says where a body went wrong", () => {
    expect(() => parseUpstream(Schema, "<html>", "sums")).toThrow("sums: body is not JSON");
    expect(() => parseUpstream(Schema, '{"total": true}', "sums")).toThrow(
      /^sums: unexpected shape at total/,
    );
  });
});
