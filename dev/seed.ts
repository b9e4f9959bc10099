import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { saveArchivedAwards } from "../db/queries/awards.ts";
import {
  agencies,
  agencyAliases,
  commissions,
  type JobCounts,
  members,
  memberVersions,
} from "../db/schema/index.ts";
import { normalizeName } from "../worker/domain/draft.ts";
import { assessClaims } from "../worker/jobs/assess/step.ts";
import { type ReceiptKind, receiptsToDrafts } from "../worker/jobs/doge/receipts.ts";
import { syncProposals } from "../worker/jobs/doge/sync.ts";
import { departmentOfAgencyId, nameForms } from "../worker/lib/agency-ids.ts";
import { parseJsonKeepingNumbers } from "../worker/lib/json.ts";
import {
  archivedAwards,
  archivedGrantAwards,
  EVIDENCE_ARCHIVES,
  GRANT_EVIDENCE_ARCHIVE,
} from "./archive/evidence.ts";
import { seedOutsideAssessments } from "./assessments/seed.ts";
import { seedCases } from "./cases/seed-cases.ts";
import { loadArchive } from "./import/archive.ts";
import { seedRoster } from "./members/seed-roster.ts";
import { importLedger, readLedger } from "./outcomes/ledger.ts";
import { assistanceAwards } from "./upstreams/usaspending-grants.ts";

const DATA = new URL("../data/", import.meta.url);
const SNAPSHOT_FILE = /^(contracts|grants|leases)-(\d{4}-\d{2}-\d{2})\.json$/;
const PROPOSAL_KIND = { contracts: "contract", grants: "grant", leases: "lease" } as const;

type Reference = {
  slug: string;
  name: string;
  jurisdiction: string;
  established_on: string | null;
  scheduled_end_on: string | null;
  dissolved_on: string | null;
  mandate: string;
  sources: { url: string; title?: string }[];
  members: {
    name: string;
    role: string;
    affiliation: string | null;
    appointed_on: string | null;
    departed_on: string | null;
    notes: string | null;
    sources: { url: string; title?: string }[];
  }[];
};

type AgencyReference = { code: string; name: string; abbreviation: string; aliases: string[] };

export type SeedResult = {
  seeded: boolean;
  proposals?: number;
  /** The lists loaded, oldest first. */
  snapshots?: string[];
  /** Award records loaded from the archives as evidence. */
  awards?: number;
};

/**
 * Which lists the seed loads: `archive`, every archived list of 2025 (dev/import/archive.ts);
 * `api`, only the DOGE API snapshots of data/doge/ (what the local stand-in of the DOGE API
 * serves, so a job run against it starts from where the seed ends: `npm start -- --fixtures`
 * and the tests); `none`, the reference data alone (production, where the job pulls the lists).
 */
export type SeedLists = "archive" | "api" | "none";

/**
 * First-start seed of real data: the DOGE commission and its sourced leaders, the agencies and
 * their aliases, then the archived DOGE lists in time order, loaded through the job's own sync so
 * the history of edits and removals between them is kept and dated as the source showed it; the
 * award records the archives carry as evidence; and every claim's verdict against them.
 * Runs in one transaction and does nothing if the commission is already there.
 */
export async function seed(db: Db, opts: { lists?: SeedLists } = {}): Promise<SeedResult> {
  const lists = opts.lists ?? "archive";
  return db.transaction(async (tx) => {
    const references = await readJson<Reference[]>("reference/commissions.json");
    const [existing] = await tx
      .select({ id: commissions.id })
      .from(commissions)
      .where(eq(commissions.slug, references[0]?.slug ?? "doge"));
    if (existing) return { seeded: false };

    await seedAgencies(tx);
    let commissionId = 0;
    for (const ref of references) {
      const id = await seedCommission(tx, ref);
      if (ref.slug === "doge") commissionId = id;
    }
    await seedRoster(tx, commissionId);
    // Earlier commissions, and what others found when they checked each one's claims.
    await seedOutsideAssessments(tx);
    await seedCases(tx, commissionId);
    if (lists === "none") return { seeded: true };

    const loaded =
      lists === "archive"
        ? await loadArchive(tx, commissionId, readArchiveFile)
        : await seedApiSnapshots(tx, commissionId);
    const awards = await seedArchivedEvidence(tx);
    // Verdicts from the archived records at once, with no network: the job's own rule.
    while (!(await assessClaims(tx)).complete) {}
    // What became of the claims, as another tracker recorded it (dev/outcomes/ledger.ts).
    await importLedger(tx, await readLedger(DATA));
    return {
      seeded: true,
      proposals: loaded.reduce((n, l) => n + l.counts.inserted, 0),
      snapshots: loaded.map((l) => l.file),
      awards,
    };
  });
}

/** An archived list's text, inflated when gzipped. */
async function readArchiveFile(file: string): Promise<string> {
  const bytes = await readFile(new URL(file, DATA));
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8");
}

/** The DOGE API snapshots of data/doge/ alone, oldest first, as complete lists. */
async function seedApiSnapshots(db: Db, commissionId: number) {
  const loaded: { file: string; counts: JobCounts }[] = [];
  for (const snap of await listSnapshots()) {
    const text = await readFile(new URL(`doge/${snap.file}`, DATA), "utf8");
    const drafts = receiptsToDrafts(snap.kind, parseJsonKeepingNumbers(text) as unknown[]);
    const seenAt = `${snap.date}T00:00:00Z`;
    const counts = await syncProposals(db, {
      commissionId,
      kind: PROPOSAL_KIND[snap.kind],
      drafts,
      complete: true,
      seenAt,
      sources: [
        {
          url: `https://api.doge.gov/savings/${snap.kind}`,
          retrieved_at: seenAt,
          note: "archived snapshot of the complete list (robert-mcdermott/doge-report, Apache-2.0)",
        },
      ],
    });
    loaded.push({ file: snap.file, counts });
  }
  return loaded;
}

/**
 * The award records the archived contract lists carry (dev/archive/evidence.ts), and the grant
 * list of 2025-03-30 its assistance awards', as evidence for
 * the claims that link to them until the job fetches them live from USAspending.
 */
async function seedArchivedEvidence(db: Db): Promise<number> {
  let stored = 0;
  for (const archive of EVIDENCE_ARCHIVES) {
    const items = archivedAwards(await readFile(new URL(archive.file, DATA)), archive);
    stored += await saveArchivedAwards(db, items);
  }
  // The grants' USAspending records, as the stand-in reads them from the same archive.
  const grants = await assistanceAwards(fileURLToPath(new URL(GRANT_EVIDENCE_ARCHIVE.file, DATA)));
  stored += await saveArchivedAwards(db, archivedGrantAwards(grants));
  return stored;
}

async function seedAgencies(db: Db) {
  const rows = await readJson<AgencyReference[]>("reference/agencies.json");
  await db
    .insert(agencies)
    .values(rows.map(({ code, name, abbreviation }) => ({ code, name, abbreviation })))
    .onConflictDoNothing();
  const aliases = rows.flatMap((a) =>
    [a.name, a.abbreviation, ...a.aliases].map((alias) => ({
      normalized: normalizeName(alias),
      alias,
      agencyCode: a.code,
      origin: "seed",
    })),
  );
  const unique = [...new Map(aliases.map((a) => [a.normalized, a])).values()];
  await db.insert(agencyAliases).values(unique).onConflictDoNothing();
  await db
    .insert(agencyAliases)
    .values(await subAgencyAliases(new Set(rows.map((a) => a.code))))
    .onConflictDoNothing();
}

/**
 * Bureaus as aliases of their department, learned from real records: each contracting office's
 * agency name in the FPDS records of 2025-03-05 (data/fpds/) with its FPDS agency id, whose first
 * two digits name the department (worker/lib/agency-ids.ts), in the forms the lists write it
 * ("US GEOLOGICAL SURVEY", "GEOLOGICAL SURVEY"). A name found under two departments ("OFFICE OF
 * THE SECRETARY") is no alias. Seed aliases (the reference file's) win over these.
 */
async function subAgencyAliases(codes: ReadonlySet<string>) {
  const text = await readFile(new URL("fpds/fpds-doge-contracts-2025-03-05.csv", DATA), "utf8");
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const departments = new Map<string, Set<string>>();
  for (const r of records) {
    const name = r.CONTRACTNG_OFFICE_AGENCY_NAME?.trim();
    const code = departmentOfAgencyId(r.AGENCY_ID);
    if (!name || !code || !codes.has(code)) continue;
    for (const form of nameForms(name)) {
      const key = normalizeName(form);
      departments.set(key, (departments.get(key) ?? new Set()).add(code));
    }
  }
  return [...departments].flatMap(([normalized, found]) =>
    found.size === 1
      ? [
          {
            normalized,
            alias: normalized,
            agencyCode: [...found][0] as string,
            origin: "fpds-record",
          },
        ]
      : [],
  );
}

async function seedCommission(db: Db, ref: Reference): Promise<number> {
  const [row] = await db
    .insert(commissions)
    .values({
      slug: ref.slug,
      name: ref.name,
      jurisdiction: ref.jurisdiction,
      establishedOn: ref.established_on,
      scheduledEndOn: ref.scheduled_end_on,
      dissolvedOn: ref.dissolved_on,
      mandate: ref.mandate,
      sources: ref.sources,
    })
    .returning({ id: commissions.id });
  if (!row) throw new Error(`could not insert commission ${ref.slug}`);
  for (const m of ref.members) {
    const [member] = await db
      .insert(members)
      .values({
        commissionId: row.id,
        name: m.name,
        role: m.role,
        affiliation: m.affiliation,
        appointedOn: m.appointed_on,
        departedOn: m.departed_on,
        notes: m.notes,
        sources: m.sources,
      })
      .returning();
    if (!member) throw new Error(`could not insert member ${m.name}`);
    await db.insert(memberVersions).values({
      memberId: member.id,
      version: member.version,
      snapshot: member,
      actor: "seed",
      reason: "initial seed from sourced public reporting",
    });
  }
  return row.id;
}

/** Snapshots in data/doge/, oldest first; the newest of each kind is what the source says now. */
export async function listSnapshots(): Promise<
  { file: string; kind: ReceiptKind; date: string }[]
> {
  const files = await readdir(new URL("doge/", DATA));
  return files
    .flatMap((file) => {
      const m = SNAPSHOT_FILE.exec(file);
      return m ? [{ file, kind: m[1] as ReceiptKind, date: m[2] as string }] : [];
    })
    .sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(new URL(path, DATA), "utf8")) as T;
}
