/**
 * Property-based fuzzing of every endpoint the OpenAPI document declares: query parameters
 * (lists, filters, sorts, cursors, limits, formats) and write bodies, generated from the
 * document's own schemas, half plausible and half hostile. Whatever comes in: never a 5xx, every
 * 4xx is problem+json, and a refused write leaves the database as it was.
 *
 * Writes stay inside this file's own commission (or create `fz-` commissions), so the seeded
 * data other tests count is never touched; the job's run endpoint is fuzzed with unknown steps
 * only (the job itself belongs to test/jobs).
 */
import { env } from "cloudflare:test";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAffiliation } from "../../db/queries/affiliations.ts";
import { members, outsideAssessments, proposalVersions } from "../../db/schema/index.ts";
import { withoutControls } from "../../worker/lib/text.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import { makeKey } from "../helpers/keys.ts";
import { addProposals, makeProposals } from "../helpers/proposals.ts";

type Schema = {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
};
type Parameter = { in: "query" | "path"; name: string; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
type Document = { paths: Record<string, Record<string, Operation>> };

const { db, close } = testDb();
let doc: Document;
let admin: { id: number; auth: Record<string, string> };
let commission: { id: number; slug: string };
let proposalIds: number[];
let memberId: number;
let affiliationId: number;
let outsideAssessmentId: number;
let spareKeyId: number;
let agencyCode: string;

beforeAll(async () => {
  doc = (await (await call("/openapi.json")).json()) as Document;
  admin = await makeKey(db, "admin");
  spareKeyId = (await makeKey(db, "editor")).id;
  commission = await makeCommission(db);
  proposalIds = await addProposals(db, commission.id, [
    { title: "Fuzzed one", claimedSavings: "1000.00" },
    { title: "Fuzzed two", claimedSavings: "25.50", recipient: "ACME" },
  ]);
  const [member] = await db
    .insert(members)
    .values({ commissionId: commission.id, name: "Fuzzed Member" })
    .returning({ id: members.id });
  memberId = member?.id ?? 0;
  const affiliation = await addAffiliation(db, memberId, {
    organization: "Fuzzed Corp",
    relation: "employer",
    sourceUrl: "https://www.example.org/fuzzed",
  });
  affiliationId = affiliation?.id ?? 0;
  // The assessment by others a fuzzed DELETE may retract: this file's, never a seeded one.
  const [outside] = await db
    .insert(outsideAssessments)
    .values({
      commissionId: commission.id,
      assessor: "Fuzzed Desk",
      assessorKind: "press",
      scope: "fuzzing",
      currency: "USD",
      finding: "none",
      sourceUrl: "https://www.example.org/fuzzed-check",
    })
    .returning({ id: outsideAssessments.id });
  outsideAssessmentId = outside?.id ?? 0;
  // An agency other tests do not write aliases for (they take the first two codes).
  const rows = await db.execute<{ code: string }>(
    sql`select code from agencies order by code offset 7 limit 1`,
  );
  agencyCode = rows.rows[0]?.code ?? "000";
});
afterAll(() => close());

// --- values -----------------------------------------------------------------------------

const hostileString = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "null",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9".repeat(40),
    "2025-02-30",
    "0000-00-00",
    "' or 1=1 --",
    "%00",
    "\u0000",
    "💥",
    "a".repeat(600),
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "https://",
    "javascript:alert(1)",
    "-id,id",
    "true",
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 20 }),
);

const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

const isoDate = fc
  .date({ min: new Date("1990-01-01"), max: new Date("2040-12-31"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A value the schema accepts (mostly), from the schema alone. */
function plausible(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(plausible));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
    case "number":
      return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1_000_000 });
    case "array":
      return fc.array(schema.items ? plausible(schema.items) : hostileJson, {
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case "object":
      return objectOf(schema);
    default: {
      if (schema.format === "date") return isoDate;
      if (schema.format === "date-time") return isoDate.map((d) => `${d}T12:00:00Z`);
      if (schema.format === "uri") return fc.webUrl();
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 40, 40),
      });
    }
  }
}

/** An object the schema accepts (mostly): every field plausible, `fixed` ones as given. */
function objectOf(schema: Schema, fixed: Record<string, fc.Arbitrary<unknown>> = {}) {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    fields[name] = fixed[name] ?? plausible(prop);
  }
  return fc.record(fields, { requiredKeys: schema.required ?? [] });
}

/** The same, then spoiled: one field hostile, a field the API does not know, or one missing. */
function spoiled(schema: Schema, fixed: Record<string, fc.Arbitrary<unknown>> = {}) {
  const names = Object.keys(schema.properties ?? {});
  return fc
    .tuple(
      objectOf(schema, fixed),
      fc.constantFrom(...names),
      hostileJson,
      fc.constantFrom("replace", "unknown", "drop"),
      fc.string({ minLength: 1, maxLength: 12 }),
    )
    .map(([record, name, value, how, unknown]) => {
      const out: Record<string, unknown> = { ...record };
      if (how === "replace") out[name] = value;
      else if (how === "unknown" && !names.includes(unknown)) out[unknown] = value;
      else delete out[schema.required?.[0] ?? name];
      return out;
    });
}

// --- checks -----------------------------------------------------------------------------

type Seen = { method: string; path: string; status: number; body: string; type: string | null };

async function send(method: string, path: string, init: RequestInit = {}): Promise<Seen> {
  const res = await call(path, { method, ...init });
  const body = await res.text();
  return { method, path, status: res.status, body, type: res.headers.get("content-type") };
}

function expectWellFormed(seen: Seen, sent?: unknown, accept = "application/json") {
  const what = `${seen.method} ${seen.path}${sent === undefined ? "" : ` ${JSON.stringify(sent)}`} → ${seen.status} ${seen.body.slice(0, 300)}`;
  expect(seen.status, what).toBeLessThan(500);
  // A browser asking for HTML at a page's URL may get its error as a page (worker/pages).
  const api = /^\/(v1|feeds|healthz|problems|openapi\.json)(\/|\?|$)/.test(seen.path);
  const page = accept === "text/html" && !api;
  if (seen.status >= 400 && page && seen.type?.startsWith("text/html")) return;
  if (seen.status >= 400) {
    expect(seen.type, what).toBe("application/problem+json");
    const problem = JSON.parse(seen.body) as { type: string; status: number; title: string };
    expect(problem.status, what).toBe(seen.status);
    expect(problem.type, what).toMatch(/^\/problems\/[a-z-]+$/);
  }
}

/** Everything a write by this file's key could have changed. */
async function state() {
  const result = await db.execute(sql`
    select
      (select md5(coalesce(string_agg(p::text, '|' order by p.id), '')) from proposals p
        where p.commission_id = ${commission.id}) as proposals,
      (select count(*)::int from proposal_versions v join proposals p on p.id = v.proposal_id
        where p.commission_id = ${commission.id}) as proposal_versions,
      (select md5(coalesce(string_agg(m::text, '|' order by m.id), '')) from members m
        where m.commission_id = ${commission.id}) as members,
      (select count(*)::int from member_versions v join members m on m.id = v.member_id
        where m.commission_id = ${commission.id}) as member_versions,
      (select md5(coalesce(string_agg(a::text, '|' order by a.id), '')) from member_affiliations a
        join members m on m.id = a.member_id where m.commission_id = ${commission.id}) as affiliations,
      (select md5(c::text) from commissions c where c.id = ${commission.id}) as commission,
      (select md5(coalesce(string_agg(o::text, '|' order by o.id), '')) from outside_assessments o
        where o.commission_id = ${commission.id}) as outside_assessments,
      (select count(*)::int from commissions where slug like 'fz-%') as fuzz_commissions,
      (select md5(coalesce(string_agg(a::text, '|' order by a.normalized), '')) from agency_aliases a
        where a.agency_code = ${agencyCode}) as aliases,
      (select count(*)::int from api_keys where created_by = ${`key:${admin.id}`}) as keys,
      (select md5(k::text) from api_keys k where k.id = ${spareKeyId}) as spare_key,
      (select count(*)::int from audit_log where actor = ${`key:${admin.id}`}) as audit,
      (select count(*)::int from idempotency_keys where api_key_id = ${admin.id}) as idempotency
  `);
  return result.rows[0];
}

// --- paths --------------------------------------------------------------------------------

/** A value for a path parameter: mostly this file's own records, sometimes nonsense. */
function pathValue(path: string, name: string): fc.Arbitrary<string> {
  const own: Record<string, fc.Arbitrary<string>> = {
    slug: fc.constant(commission.slug),
    code: fc.constant(agencyCode),
    kind: fc.constantFrom("bad-request", "not-found"),
    version: fc.constantFrom("1", "2"),
    affiliation: fc.constant(String(affiliationId)),
    step: hostileString.filter(
      (s) => !["doge-receipts", "awards", "recipient-awards", "assess", "outlays"].includes(s),
    ),
  };
  let mine = own[name] ?? fc.constant("1");
  if (name === "id") {
    if (path.startsWith("/v1/proposals")) mine = fc.constantFrom(...proposalIds.map(String));
    else if (path.startsWith("/v1/members")) mine = fc.constant(String(memberId));
    else if (path.startsWith("/v1/assessments")) mine = fc.constant(String(outsideAssessmentId));
    // A key that does not exist half the time: a bodiless DELETE has no body to refuse, and
    // the check that every write is refused at least once must not hang on luck.
    else if (path.startsWith("/v1/admin/keys")) {
      mine = fc.constantFrom(String(spareKeyId), "999999999");
    }
  }
  const nonsense = fc.oneof(
    fc.constantFrom("0", "-1", "999999999", "99999999999999999999", "1.5", "abc", "%20", "ë"),
    hostileString.filter((s) => s.length > 0 && !s.includes("/") && !s.includes("?")),
  );
  return fc.oneof({ weight: 3, arbitrary: mine }, nonsense).map((s) => encodeURIComponent(s));
}

function fill(path: string, params: Record<string, string>) {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "x");
}

function operations(method: string) {
  return Object.entries(doc.paths).flatMap(([path, ops]) => {
    const op = ops[method];
    return op ? [{ path, op }] : [];
  });
}

/** Runs per endpoint; FUZZ_RUNS=200 for a longer hunt. */
const RUNS = Number(env.FUZZ_RUNS) || 15;
/** A few requests a run and endpoint: room for a longer hunt too. */
const TIMEOUT_MS = 60_000 + RUNS * 8_000;

describe("fuzzing every GET endpoint's parameters", () => {
  it(
    "never answers 5xx, and every 4xx is problem+json",
    async () => {
      const gets = operations("get").filter(({ path }) => !["/docs"].includes(path));
      expect(gets.length).toBeGreaterThan(25);
      const cursor = fc.oneof(
        fc.base64String({ maxLength: 60 }),
        fc.string({ maxLength: 40 }),
        fc
          .jsonValue({ maxDepth: 2 })
          .map((v) => btoa(unescape(encodeURIComponent(JSON.stringify(v))))),
      );
      for (const { path, op } of gets) {
        const params = op.parameters ?? [];
        const pathParams = Object.fromEntries(
          params.filter((p) => p.in === "path").map((p) => [p.name, pathValue(path, p.name)]),
        );
        const queryParams = Object.fromEntries(
          params
            .filter((p) => p.in === "query")
            .map((p) => {
              const schema = p.schema ?? {};
              const good: fc.Arbitrary<unknown> =
                p.name === "cursor"
                  ? cursor
                  : p.name === "commission"
                    ? fc.constantFrom(commission.slug, "doge", "nope")
                    : p.name === "limit"
                      ? fc.integer({ min: -5, max: 600 })
                      : /date/.test(p.name)
                        ? isoDate
                        : /claimed_savings/.test(p.name)
                          ? fc.stringMatching(/^\d{1,15}(\.\d{1,2})?$/)
                          : plausible(schema);
              const value = fc.oneof({ weight: 3, arbitrary: good.map(String) }, hostileString);
              return [p.name, value];
            }),
        );
        await fc.assert(
          fc.asyncProperty(
            fc.record(pathParams),
            fc.record(queryParams, { requiredKeys: [] }),
            fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), hostileString), {
              freq: 5,
            }),
            fc.constantFrom("application/json", "text/csv", "*/*", "text/html"),
            async (pathValues, query, extra, accept) => {
              const search = new URLSearchParams(query as Record<string, string>);
              if (extra) search.append(extra[0], extra[1]);
              const url = `${fill(path, pathValues)}${search.size ? `?${search}` : ""}`;
              expectWellFormed(
                await send("GET", url, { headers: { Accept: accept } }),
                undefined,
                accept,
              );
            },
          ),
          { numRuns: RUNS },
        );
      }
    },
    TIMEOUT_MS,
  );
});

describe("fuzzing every write's body", () => {
  it(
    "never answers 5xx, every 4xx is problem+json, and a refused write changes nothing",
    async () => {
      const writes = ["post", "patch", "delete"].flatMap((method) =>
        operations(method).map((o) => ({ method: method.toUpperCase(), ...o })),
      );
      expect(writes.length).toBeGreaterThan(10);
      const refused = new Map<string, number>();
      const statuses = new Map<string, number>();
      for (const { method, path, op } of writes) {
        const schema = op.requestBody?.content["application/json"]?.schema;
        const pathParams = Object.fromEntries(
          (op.parameters ?? [])
            .filter((p) => p.in === "path")
            .map((p) => [p.name, pathValue(path, p.name)]),
        );
        // Keep writes to this file's records: its commission, `fz-` slugs, `fz ` aliases.
        const fixed: Record<string, fc.Arbitrary<unknown>> = {
          commission: fc.oneof(
            { weight: 4, arbitrary: fc.constant(commission.slug) },
            fc.constant("no-such-commission"),
            hostileJson,
          ),
          slug: fc.oneof(fc.stringMatching(/^fz-[a-z0-9-]{1,20}$/), hostileJson),
          alias: fc.oneof(
            fc.uuid().map((u) => `fz ${u}`),
            hostileJson,
          ),
        };
        const body: fc.Arbitrary<{ raw: string | null; value?: unknown }> = schema
          ? fc.oneof(
              {
                weight: 4,
                arbitrary: objectOf(schema, fixed).map((value) => ({ raw: null, value })),
              },
              {
                weight: 5,
                arbitrary: spoiled(schema, fixed).map((value) => ({ raw: null, value })),
              },
              hostileJson.map((value) => ({ raw: null, value })),
              fc.constantFrom("{", "", "null", "[]", '{"a":1}{').map((raw) => ({ raw })),
            )
          : fc.constant({ raw: null });
        await fc.assert(
          fc.asyncProperty(
            fc.record(pathParams),
            body,
            fc.oneof(
              { weight: 8, arbitrary: fc.constant("application/json") },
              fc.constantFrom("text/plain", "application/json; charset=utf-8", "application/xml"),
            ),
            fc.option(fc.string({ minLength: 1, maxLength: 40 }), { freq: 4 }),
            async (pathValues, sent, contentType, idempotencyKey) => {
              const url = fill(path, pathValues);
              const headers: Record<string, string> = {
                ...admin.auth,
                "Content-Type": contentType,
              };
              // A member's postings and affiliations are edited with the member's ETag.
              const member = /^(\/v1\/members\/[^/]+)\/(postings|affiliations)/.exec(url)?.[1];
              if (
                (method === "PATCH" && /\{id\}|\{slug\}/.test(path)) ||
                (member && method === "POST")
              ) {
                const current = await call(member ?? url);
                await current.arrayBuffer();
                headers["If-Match"] = current.headers.get("etag") ?? '"v1"';
              }
              if (idempotencyKey && method === "POST") headers["Idempotency-Key"] = idempotencyKey;
              const before = await state();
              const text =
                sent.raw ?? (sent.value === undefined ? undefined : JSON.stringify(sent.value));
              const seen = await send(method, url, {
                headers,
                ...(text === undefined ? {} : { body: text }),
              });
              expectWellFormed(seen, text);
              const tally = `${method} ${path} ${seen.status}`;
              statuses.set(tally, (statuses.get(tally) ?? 0) + 1);
              if (seen.status >= 400) {
                refused.set(`${method} ${path}`, (refused.get(`${method} ${path}`) ?? 0) + 1);
                expect(await state(), `${method} ${url} ${text} → ${seen.status}`).toEqual(before);
              }
            },
          ),
          { numRuns: RUNS },
        );
      }
      // And plausible enough that every kind of write was also accepted now and then.
      const accepted = new Set(
        [...statuses.keys()].filter((k) => / 2\d\d$/.test(k)).map((k) => k.replace(/ \d+$/, "")),
      );
      expect(accepted.size).toBeGreaterThan(writes.length / 2);
      // The bodies are hostile enough that every write was refused at least once.
      expect([...refused.keys()].length).toBe(writes.length);
    },
    TIMEOUT_MS,
  );
});

// --- field text through the feeds --------------------------------------------------------

/**
 * Any text a field can hold: markup, CDATA ends, entities, line ends, controls, any code point.
 * Postgres text cannot hold NUL, so no field ever does.
 */
const fieldText = fc
  .oneof(
    hostileString,
    fc.constantFrom(
      "]]>",
      "a ]]> b ]]> c",
      "<![CDATA[x",
      "</title><link href='https://evil.example'/>",
      "&amp; &lt; &#13; &nbsp;",
      "line\r\nnext\rlast\n",
      "\t tab and  spaces ",
      "\u0001\u001f\ufffe\uffff",
      '=HYPERLINK("http://evil.example","x")',
      "+1",
      "-12.50",
      "@SUM(A1)",
      "'=1",
      "----------",
    ),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
  )
  .map((s) => s.replaceAll("\u0000", ""));

/**
 * What an XML document can carry of a text, as the README states it: C0 controls but tab, LF and
 * CR, and U+FFFE/U+FFFF, read back as U+FFFD. Everything else reads back as sent.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are the point.
const NOT_IN_XML = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const inXml = (s: string) => s.replace(NOT_IN_XML, "\uFFFD");

const xml = new XMLParser({
  ignoreAttributes: false,
  trimValues: false,
  parseTagValue: false,
  htmlEntities: true,
});

/** A claim of a commission of its own with this text, and its one version. */
async function claimWith(title: string, agencyName: string, reason: string) {
  const { slug, ids } = await makeProposals(db, [{ title, agencyName }]);
  await db.insert(proposalVersions).values({
    proposalId: ids[0] ?? 0,
    version: 1,
    snapshot: {},
    actor: "source:fuzz",
    reason,
  });
  return slug;
}

/** A CSV cell as it was, by the README's rule: one apostrophe before a formula start comes off. */
const fromCsv = (cell: string | undefined) =>
  /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell ?? "") ? cell?.slice(1) : cell;

/** Rows of a CSV, having checked that no cell would run as a formula in a spreadsheet. */
async function csvRows(path: string, sent: string) {
  const text = await (await call(path)).text();
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  for (const cell of rows.flatMap((r) => Object.values(r))) {
    const formula = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell);
    expect(formula && !/^-?\d+(\.\d+)?$/.test(cell), `${path} ${sent}: ${cell}`).toBe(false);
  }
  return rows;
}

describe("fuzzing the text of a claim through the feeds and CSV", () => {
  it(
    "reads back every title, agency name and reason as the text it was, in Atom and JSON Feed",
    async () => {
      await fc.assert(
        fc.asyncProperty(fieldText, fieldText, fieldText, async (title, agencyName, reason) => {
          const slug = await claimWith(title, agencyName, reason);
          const summary = [
            `${slug}${agencyName ? `, ${agencyName}` : ""}`,
            reason ? `reason: ${reason}` : null,
            "by source:fuzz",
          ]
            .filter(Boolean)
            .join(" · ");
          const sent = JSON.stringify({ title, agencyName, reason });

          const atom = await (await call(`/feeds/changes.atom?commission=${slug}`)).text();
          expect(XMLValidator.validate(atom), sent).toBe(true);
          const entries = [xml.parse(atom).feed.entry].flat();
          expect(entries, sent).toHaveLength(1);
          expect(entries[0].title["#text"], sent).toBe(inXml(`new: ${title}`));
          expect(entries[0].summary["#text"], sent).toBe(inXml(summary));

          const feed = await json<{ items: { title: string; content_text: string }[] }>(
            await call(`/feeds/changes.json?commission=${slug}`),
          );
          expect(
            feed.items.map((i) => [i.title, i.content_text]),
            sent,
          ).toEqual([[`new: ${title}`, summary]]);
        }),
        { numRuns: RUNS * 4 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    "reads back every title, agency name and reason as the text it was, in every CSV",
    async () => {
      await fc.assert(
        fc.asyncProperty(fieldText, fieldText, fieldText, async (title, agencyName, reason) => {
          const slug = await claimWith(title, agencyName, reason);
          const sent = JSON.stringify({ title, agencyName, reason });
          // CSV drops control characters (never emitted raw); all else reads back as it was.
          const [t, a, r] = [title, agencyName, reason].map((x) => x && withoutControls(x));
          const claims = await csvRows(`/v1/proposals?commission=${slug}&format=csv`, sent);
          expect(
            claims.map((row) => [fromCsv(row.title), fromCsv(row.agency_name)]),
            sent,
          ).toEqual([[t, a]]);
          const changes = await csvRows(`/v1/changes?commission=${slug}&format=csv`, sent);
          expect(
            changes.map((row) => [
              fromCsv(row.title),
              fromCsv(row.agency_name),
              fromCsv(row.reason),
            ]),
            sent,
          ).toEqual([[t, a, r]]);
        }),
        { numRuns: RUNS * 4 },
      );
    },
    TIMEOUT_MS,
  );
});
