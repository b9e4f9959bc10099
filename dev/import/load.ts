import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { recordSourceList } from "../../db/queries/source-lists.ts";
import { type JobCounts, proposals, type Source } from "../../db/schema/index.ts";
import { refuseSuddenShrink } from "../../worker/jobs/doge/shrink.ts";
import { OlderListError, type SyncInput, syncProposals } from "../../worker/jobs/doge/sync.ts";
import { type MappedList, mapTable } from "./map.ts";
import { parseTable } from "./table.ts";

/**
 * When the archives captured their lists (data/README.md): the commit times of
 * m-nolan/doge-scrape, for lists that carry no scrape time of their own (a list that does is
 * dated by it: prepareImport). Other files default to midnight UTC of the date in their name.
 */
const CAPTURED_AT: Record<string, string> = {
  "contracts-2025-02-18": "2025-02-18T18:25:00-05:00",
  "contracts-2025-03-31": "2025-03-31T02:25:00Z",
  "contracts-2025-04-04": "2025-04-04T21:41:00-04:00",
  "grants-2025-03-19": "2025-03-19T13:56:00Z",
  "grants-2025-03-30": "2025-03-30T15:12:00-04:00",
  "leases-2025-06-03": "2025-06-03T20:58:00Z",
  "leases-2025-10-05": "2025-10-05T01:58:00Z",
};

/** A file's observed time: its known capture time, else the date in its name at 00:00 UTC. */
export function observedAtOf(fileName: string): string | null {
  const base = fileName.split("/").pop() ?? fileName;
  const m = /((?:contracts|grants|leases)-)?(\d{4}-\d{2}-\d{2})/.exec(base);
  if (!m) return null;
  const known = m[1] ? CAPTURED_AT[`${m[1]}${m[2]}`] : undefined;
  return known ?? `${m[2]}T00:00:00Z`;
}

/** Where a file comes from, by its name, for the proposals' sources. */
function provenanceOf(base: string): { url: string; note: string } {
  if (base.startsWith("doge-contracts-")) {
    return {
      url: "https://github.com/richarddunks/doge_parser",
      note: "doge.gov/savings contract list as saved by richarddunks/doge_parser (CC0 1.0)",
    };
  }
  if (/\.json(\.gz)?$/.test(base)) {
    return {
      url: "https://github.com/robert-mcdermott/doge-report",
      note: "archived DOGE API list (robert-mcdermott/doge-report, Apache-2.0)",
    };
  }
  return {
    url: "https://github.com/m-nolan/doge-scrape",
    note: "doge.gov list as archived by m-nolan/doge-scrape (MIT)",
  };
}

/** A file the importer refuses before it writes anything: empty, from the future, too large. */
export class RefusedFileError extends Error {}

/**
 * How far ahead of this machine's clock an observed time may be (clocks differ a little). A list
 * dated later would make every list after it, the job's own sync included, "older" and refused.
 */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The job's default (JOB_MAX_SHRINK): a complete list may lose at most half its entries. */
export const MAX_SHRINK = 0.5;

export type PreparedImport = {
  file: string;
  observedAt: string;
  source: Source;
  mapped: MappedList;
  /** Milliseconds spent reading and mapping the rows. */
  mapMs: number;
};

/**
 * Read and map one archived list (no database): its format, its drafts, its observed time (the
 * file's capture time unless given) and the source entry naming the archive. `text` is the
 * file's content, decompressed. Throws, saying why, on an unknown format or a bad row.
 */
export function prepareImport(
  text: string,
  fileName: string,
  observedAt?: string,
  now = Date.now(),
): PreparedImport {
  const file = fileName.split("/").pop() ?? fileName;
  const mapped = mapTable(parseTable(text), file);
  // Dated by the list's own clock (its scrape time) where it has one, else its capture time.
  const at = observedAt ?? mapped.scrapedAt ?? observedAtOf(file);
  if (!at) throw new Error(`no date in the file name ${file}: give the time with --observed-at`);
  if (Number.isNaN(Date.parse(at))) throw new Error(`not a time: ${at}`);
  refuseFuture(at, now, observedAt ? "--observed-at" : `the date in the file name ${file}`);
  const t0 = performance.now();
  // A header alone (or `[]`) is a broken download, not a list emptied at the source.
  if (mapped.receipts === 0) throw new RefusedFileError(`${file} lists no receipts: refused`);
  const lastScrape = mapped.batches?.at(-1)?.seenAt;
  if (lastScrape) refuseFuture(lastScrape, now, `the newest scrape time in ${file}`);
  const { url, note } = provenanceOf(file);
  const partial = mapped.format.partial ?? (mapped.batches ? ACCUMULATED : undefined);
  return {
    file,
    observedAt: at,
    mapped,
    source: {
      url,
      title: file,
      retrieved_at: at,
      note: `${note}; format ${mapped.format.id}${partial ? `; partial list: ${partial}` : ""}`,
    },
    mapMs: Math.round(performance.now() - t0),
  };
}

function refuseFuture(at: string, now: number, what: string) {
  if (Date.parse(at) > now + CLOCK_SKEW_MS) {
    throw new RefusedFileError(
      `${what} (${at}) is in the future: a list is observed when it was captured, never later than now`,
    );
  }
}

/**
 * Load a prepared list through the job's own sync, so the same rules apply: versions dated by
 * when the source showed them, removals, pools, and refusal of a list older than one already
 * synced (OlderListError, nothing written). A snapshot loads as the complete list at its observed
 * time, unless its format is a partial list (ArchiveFormat.partial): that one removes nothing. A
 * file that accumulates scrapes loads its scrapes newer than what is already synced, each
 * at its scrape time and never as complete (accumulated.ts). A complete list far shorter than
 * the one on record is refused as the job refuses it (ShrinkError), unless `maxShrink` is raised
 * (`--allow-shrink`: 1). Then the alias match, as the job.
 */
export async function importList(
  db: Db,
  list: PreparedImport,
  commissionId: number,
  opts: { maxShrink?: number } = {},
): Promise<{ counts: JobCounts; syncMs: number; scrapes?: number }> {
  const t0 = performance.now();
  const { mapped } = list;
  const base: Omit<SyncInput, "drafts" | "complete" | "seenAt"> = {
    commissionId,
    kind: mapped.kind,
    sources: [list.source],
    actor: "source:doge",
    unobserved: mapped.unobserved,
  };
  const result = await db.transaction(async (tx) => {
    const counts: JobCounts = { fetched: 0, inserted: 0, changed: 0, removed: 0 };
    let scrapes: number | undefined;
    if (!mapped.batches) {
      await refuseSuddenShrink(
        tx,
        { commissionId, kind: mapped.kind, incoming: mapped.drafts.length },
        opts.maxShrink ?? MAX_SHRINK,
        "Give --allow-shrink if the source really dropped them.",
      );
      Object.assign(
        counts,
        await syncProposals(tx, {
          ...base,
          drafts: mapped.drafts,
          // Only a complete list removes: a partial one's absences say nothing.
          complete: !mapped.format.partial,
          seenAt: list.observedAt,
          list: {
            title: list.file,
            ...(mapped.format.partial && { partial: mapped.format.partial }),
          },
        }),
      );
    } else {
      const latest = await latestSynced(tx, commissionId, mapped.kind);
      const last = mapped.batches.at(-1)?.seenAt;
      if (latest && last && Date.parse(last) < latest) {
        throw new OlderListError(
          `${list.file} holds scrapes up to ${last}, before the newest ${mapped.kind} list already synced (${new Date(latest).toISOString()}): import lists oldest first; a later list's history is never rewritten`,
        );
      }
      // Scrapes already covered by a list synced since are history written; only newer ones add.
      const newer = mapped.batches.filter((b) => !latest || Date.parse(b.seenAt) > latest);
      for (const batch of newer) {
        const c = await syncProposals(tx, {
          ...base,
          drafts: batch.drafts,
          complete: false,
          seenAt: batch.seenAt,
          list: false,
        });
        for (const k of ["inserted", "changed", "removed"] as const) counts[k] += c[k];
        // Receipts read: the rows first seen at the scrape, not the pools' earlier ones again.
        counts.fetched += batch.firstSeen;
      }
      scrapes = newer.length;
      // The capture is one list, shown at its capture time (never before its last scrape), that
      // can never show a removal.
      const captured = observedAtOf(list.file) ?? list.observedAt;
      await recordSourceList(tx, {
        commissionId,
        kind: mapped.kind,
        observedAt: last && Date.parse(last) > Date.parse(captured) ? last : captured,
        complete: false,
        partial: ACCUMULATED,
        title: list.file,
        receipts: mapped.batches.reduce((n, b) => n + b.firstSeen, 0),
      });
    }
    return { counts, scrapes };
  });
  return { ...result, syncMs: Math.round(performance.now() - t0) };
}

/** Why a capture that accumulates scrapes (accumulated.ts) is never a complete list. */
export const ACCUMULATED =
  "keeps every row ever scraped, each stamped with the scrape that first saw it: shows additions and edits, never a removal";

/** When the newest list of this kind already synced was shown (ms), as the sync refuses by. */
async function latestSynced(
  db: Db,
  commissionId: number,
  kind: SyncInput["kind"],
): Promise<number | null> {
  const [row] = await db
    .select({ latest: sql<string | null>`max(${proposals.lastSeenAt})::text` })
    .from(proposals)
    .where(
      and(
        eq(proposals.commissionId, commissionId),
        eq(proposals.kind, kind),
        eq(proposals.source, "doge"),
      ),
    );
  return row?.latest ? Date.parse(row.latest) : null;
}
