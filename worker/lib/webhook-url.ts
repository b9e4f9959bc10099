/**
 * Whether a webhook URL may be called: https only, to a public host, without credentials. A
 * local receiver (`http://127.0.0.1:<port>`, `http://localhost`) is allowed only when
 * `allowLocalHttp` (the WEBHOOK_ALLOW_LOCAL_HTTP switch, for tests and local use). Returns why
 * not, or null when the URL is fine. Pure: names are not resolved (a Worker's fetch cannot reach
 * private networks anyway); IP literals and local names are refused here.
 */
export function webhookUrlProblem(raw: string, opts: { allowLocalHttp: boolean }): string | null {
  if (raw.length > 2048) return "must be at most 2048 characters";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not carry credentials (user:password@)";
  const host = url.hostname.toLowerCase();
  if (url.protocol === "http:") {
    if (opts.allowLocalHttp && LOCAL_HOSTS.has(host)) return null;
    return "must be https";
  }
  if (url.protocol !== "https:") return "must be https";
  if (url.hash) return "must not have a fragment";
  if (isPrivateHost(host)) return "must name a public host (not a private, loopback or local one)";
  return null;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function isPrivateHost(host: string): boolean {
  if (host.startsWith("[")) return isPrivateV6(host.slice(1, -1));
  const v4 = parseV4(host);
  if (v4) return isPrivateV4(v4);
  // A name: local ones, and single labels (which only a local resolver knows).
  return (
    !host.includes(".") ||
    host === "localhost" ||
    /\.(localhost|local|internal|localdomain|home\.arpa|lan|intranet|corp)\.?$/.test(host)
  );
}

function parseV4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const nums = parts.map(Number);
  return nums.every((n) => n <= 255) ? nums : null;
}

function isPrivateV4([a, b]: number[]): boolean {
  if (a === undefined || b === undefined) return true;
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

function isPrivateV6(host: string): boolean {
  const h = host.toLowerCase();
  if (h === "::" || h === "::1") return true;
  // IPv4-mapped (::ffff:a.b.c.d, which URL writes as ::ffff:xxxx:xxxx) and other embeddings.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (mapped?.[1] && mapped[2]) {
    const hi = Number.parseInt(mapped[1], 16);
    const lo = Number.parseInt(mapped[2], 16);
    return isPrivateV4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  }
  if (h.startsWith("::")) return true; // the rest of ::/96 is deprecated or special
  return /^f[cd]/.test(h) || /^fe[89ab]/.test(h) || h.startsWith("ff") || h.startsWith("64:ff9b:");
}
