import * as v from "valibot";
import { parseJsonKeepingNumbers } from "../../lib/json.ts";

/**
 * Upstream fetches for the job: a timeout on every request, retries with exponential backoff
 * and full jitter on 429, 5xx and network errors (honouring Retry-After), and a per-run budget
 * of subrequests so a run stays inside a Workers invocation's limit.
 */

export class UpstreamError extends Error {
  /** The last answer's HTTP status, when there was one. */
  readonly status: number | undefined;
  /** What the upstream's last Retry-After asked for, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, answer: { status?: number; retryAfterMs?: number } = {}) {
    super(message);
    this.status = answer.status;
    this.retryAfterMs = answer.retryAfterMs;
  }
}

/** The run's subrequest allowance; every attempt, retries included, spends one. */
export class SubrequestBudget {
  readonly max: number;
  used = 0;
  constructor(max: number) {
    this.max = max;
  }
  get left(): number {
    return this.max - this.used;
  }
  spend(): void {
    if (this.used >= this.max) throw new BudgetExhausted(this.max);
    this.used += 1;
  }
}

export class BudgetExhausted extends Error {
  constructor(max: number) {
    super(`the run's ${max} subrequests are spent`);
  }
}

export type FetchPolicy = {
  budget: SubrequestBudget;
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
};

const sleeper = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type Request = {
  method?: "GET" | "POST";
  json?: unknown;
  /** Statuses that are an answer, not a failure (e.g. 404 for "no such award"). */
  accept?: number[];
};

/** GET a URL's body as text, or throw an UpstreamError naming the URL and what went wrong. */
export async function fetchText(url: URL, policy: FetchPolicy): Promise<string> {
  return (await fetchWithPolicy(url, policy)).text;
}

/** A request with the job's timeout, retries and budget; the answer's status and body. */
export async function fetchWithPolicy(
  url: URL,
  policy: FetchPolicy,
  request: Request = {},
): Promise<{ status: number; text: string }> {
  const sleep = policy.sleep ?? sleeper;
  let reason = "";
  let status: number | undefined;
  let retryAfterMs: number | undefined;
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    policy.budget.spend();
    status = undefined;
    retryAfterMs = undefined;
    try {
      const res = await fetch(url, {
        method: request.method ?? "GET",
        signal: AbortSignal.timeout(policy.timeoutMs),
        ...(request.json === undefined
          ? {}
          : {
              body: JSON.stringify(request.json),
              headers: { "Content-Type": "application/json" },
            }),
      });
      const text = await res.text();
      if (res.ok || request.accept?.includes(res.status)) return { status: res.status, text };
      reason = `HTTP ${res.status}`;
      status = res.status;
      if (res.status !== 429 && res.status < 500) break;
      retryAfterMs = parseRetryAfter(res.headers.get("Retry-After"));
    } catch (err) {
      const name = (err as Error).name;
      reason =
        name === "TimeoutError"
          ? `no answer within ${policy.timeoutMs} ms`
          : (err as Error).message;
    }
    if (attempt === policy.retries) break;
    const backoff = Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
    const wait = retryAfterMs ?? backoff;
    // A server asking for longer than we may wait gets an honest failure, not a shorter retry.
    if (wait > policy.maxDelayMs) {
      reason += ` (asked to retry after ${Math.round(wait / 1000)} s)`;
      break;
    }
    if (policy.budget.left === 0) break;
    await sleep(wait);
  }
  throw new UpstreamError(`${request.method ?? "GET"} ${url}: ${reason}`, {
    status,
    retryAfterMs,
  });
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * An upstream body parsed (numbers kept as their exact source text, so money never passes
 * through a float) and validated, or an UpstreamError saying where it went wrong.
 */
export function parseUpstream<T extends v.GenericSchema>(
  schema: T,
  text: string,
  what: string,
): v.InferOutput<T> {
  let body: unknown;
  try {
    body = parseJsonKeepingNumbers(text);
  } catch {
    throw new UpstreamError(`${what}: body is not JSON`);
  }
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue?.path?.map((p) => String(p.key)).join(".");
    throw new UpstreamError(
      `${what}: unexpected shape at ${path || "the top"} (${issue?.message})`,
    );
  }
  return parsed.output;
}
