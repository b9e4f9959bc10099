/**
 * Whether a webhook URL may be called: https only, to a public host, on the default port,
 * without credentials. A local receiver (`http://127.0.0.1:<port>`, `http://localhost`) is
 * allowed only when `allowLocalHttp` (the WEBHOOK_ALLOW_LOCAL_HTTP switch, for tests and local
 * use). Returns why not, or null when the URL is fine.
 *
 * Pure: host names are not resolved (a Worker's fetch cannot reach private networks anyway; a
 * self-hosted copy elsewhere must filter egress itself, README "Subscriptions"). What is checked
 * is what the URL parser makes of the host: percent-encoding decoded, trailing dots dropped
 * (`localhost.` is `localhost`), IPv4 in any notation, IPv6 against the ranges a public host
 * can have.
 */
export function webhookUrlProblem(raw: string, opts: { allowLocalHttp: boolean }): string | null {
  if (raw.length > 2048) return "must be at most 2048 characters";
  // The URL parser drops tabs and line breaks silently; refused, they can never be stored.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are the point
  if (/[\u0000-\u0020\u007f]/.test(raw)) return "must not contain spaces or control characters";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not carry credentials (user:password@)";
  const host = hostOf(url);
  if (url.protocol === "http:") {
    if (opts.allowLocalHttp && LOCAL_HOSTS.has(host)) return null;
    return "must be https";
  }
  if (url.protocol !== "https:") return "must be https";
  if (url.hash) return "must not have a fragment";
  if (url.port) return "must use the https port (443)";
  if (isPrivateHost(host)) return "must name a public host (not a private, loopback or local one)";
  return null;
}

/**
 * The URL as stored and compared (one subscription per URL and key): the parser's form, its
 * host without trailing dots. Call it on a URL `webhookUrlProblem` accepted.
 */
export function canonicalWebhookUrl(raw: string): string {
  const url = new URL(raw);
  url.hostname = hostOf(url);
  return url.href;
}

/** The host as checked: lower case, percent-decoded by the parser, trailing dots dropped. */
function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/\.+$/, "");
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function isPrivateHost(host: string): boolean {
  if (host.startsWith("[")) return !isPublicV6(host.slice(1, -1));
  const v4 = parseV4(host);
  if (v4) return isPrivateV4(v4);
  // A name: local ones, and single labels (which only a local resolver knows).
  return (
    !host.includes(".") ||
    host === "localhost" ||
    /\.(localhost|local|internal|localdomain|home\.arpa|lan|intranet|corp)$/.test(host)
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

/**
 * Only global unicast (2000::/3) is public, less its special blocks: 2001::/23 (Teredo at
 * 2001::/32, benchmarking, ORCHID…), documentation (2001:db8::/32, 3fff::/20) and 6to4
 * (2002::/16, which embeds any IPv4 address). Everything else is loopback, unspecified,
 * IPv4-mapped or translated, discard (100::/64), unique-local, link- or site-local (fec0::/10),
 * multicast or reserved.
 */
function isPublicV6(host: string): boolean {
  const groups = expandV6(host);
  if (!groups) return false;
  const [g0 = 0, g1 = 0] = groups;
  if (g0 < 0x2000 || g0 > 0x3fff) return false;
  if (g0 === 0x2001 && (g1 < 0x0200 || g1 === 0x0db8)) return false;
  if (g0 === 0x2002) return false;
  if (g0 === 0x3fff && g1 < 0x1000) return false;
  return true;
}

/** The eight 16-bit groups of an IPv6 address as the URL parser writes it (hex, `::` once). */
function expandV6(host: string): number[] | null {
  const [head = "", tail, ...rest] = host.split("::");
  if (rest.length) return null;
  const part = (s: string) => (s ? s.split(":") : []);
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...Array<string>(Math.max(0, fill)).fill("0"), ...right];
  if (all.length !== 8 || !all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => Number.parseInt(g, 16));
}
