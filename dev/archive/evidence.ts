import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import type { AwardValues, TransactionValues } from "../../db/queries/awards.ts";
import { contractAwardId } from "../fpds.ts";
import {
  type ArchiveRow,
  archivedRecord,
  completedIdentifiers,
  receiptIdentifiers,
} from "./contracts.ts";

/** An archived contract list whose receipts carry the linked FPDS record (see data/README.md). */
export type EvidenceArchive = {
  /** Path under data/, e.g. `archive/contracts-2025-04-04.csv.gz`. */
  file: string;
  /** When the archive captured the list: the records are as of then. */
  capturedAt: string;
};

export const EVIDENCE_ARCHIVES: EvidenceArchive[] = [
  { file: "archive/contracts-2025-04-04.csv.gz", capturedAt: "2025-04-04T21:41:00-04:00" },
];

export type ArchivedAward = {
  award: AwardValues;
  transactions: TransactionValues[];
  capturedAt: string;
};

/**
 * The award evidence an archived contract list carries: for each award its receipts link to,
 * the FPDS record of the linked modification as archived (totals as of that action, and the
 * action itself as the award's one known transaction; payments unknown). Stored under the key
 * the claims compute from the same link, so the claims join on it; the parent agency the record
 * names is kept in `raw` beside it. `raw.archived` says where the record comes from, and marks
 * it as archived: a live USAspending record supersedes it, a live lookup that finds nothing does
 * not erase it (worker/jobs/awards/refresh.ts).
 */
export function archivedAwards(gzipped: Uint8Array, archive: EvidenceArchive): ArchivedAward[] {
  const rows = parse(gunzipSync(gzipped).toString("utf8"), {
    columns: true,
    bom: true,
  }) as ArchiveRow[];
  const byKey = new Map<string, ArchivedAward>();
  for (const row of rows) {
    const link = receiptIdentifiers(row.fpds_link);
    const record = archivedRecord(row);
    if (!link || !record) continue;
    const awardId = contractAwardId(link);
    const found = byKey.get(awardId);
    // Several receipts may link to one award: one record, each linked action once.
    if (found) {
      if (!found.transactions.some((t) => t.transactionKey === record.action.key)) {
        found.transactions.push(transactionOf(record.action));
      }
      continue;
    }
    byKey.set(awardId, {
      capturedAt: archive.capturedAt,
      award: {
        awardId,
        status: "found",
        category: "contract",
        piid: link.piid,
        parentPiid: link.parentPiid || null,
        recipient: record.recipient,
        totalObligation: record.totalObligation,
        baseExercisedOptions: record.baseExercisedOptions,
        baseAndAllOptions: record.baseAndAllOptions,
        totalOutlay: null,
        raw: {
          archived: {
            source: `FPDS record of the linked modification, as archived on ${archive.capturedAt.slice(0, 10)} by the public archive of DOGE's lists (m-nolan/doge-scrape, MIT)`,
            file: `data/${archive.file}`,
            captured_at: archive.capturedAt,
          },
          parent_agency_from_record: completedIdentifiers(row)?.parentAgency || null,
        },
      },
      transactions: [transactionOf(record.action)],
    });
  }
  return [...byKey.values()];
}

function transactionOf(action: NonNullable<ReturnType<typeof archivedRecord>>["action"]) {
  return {
    transactionKey: action.key,
    modificationNumber: action.modificationNumber,
    actionDate: action.actionDate,
    federalActionObligation: action.obligation,
    ceilingChange: action.ceilingChange,
    description: "linked modification (archived FPDS record)",
  };
}

/** The grant list archived on 2025-03-30, whose receipts carry their USAspending award records. */
export const GRANT_EVIDENCE_ARCHIVE: EvidenceArchive = {
  file: "archive/grants-2025-03-30.csv.gz",
  capturedAt: "2025-03-30T15:12:00-04:00",
};

const amountText = (n: unknown) => (typeof n === "number" ? String(n) : null);

/**
 * The USAspending assistance award records the 2025-03-30 grant list carries (20 awards, as the
 * USAspending stand-in serves them: dev/upstreams/usaspending-grants.ts), as evidence under their
 * own `generated_unique_award_id`, the key the grant claims take from their link. The archive
 * holds no transactions: nothing is known to be taken back, and payments are the record's
 * `total_outlay` where it gives one. Marked archived, as the contracts' records are.
 */
export function archivedGrantAwards(
  records: Map<string, Record<string, unknown>>,
  archive: EvidenceArchive = GRANT_EVIDENCE_ARCHIVE,
): ArchivedAward[] {
  return [...records].map(([awardId, a]) => {
    const agency = a.awarding_agency as { toptier_agency?: { code?: string | null } } | null;
    const period = a.period_of_performance as {
      start_date?: string | null;
      end_date?: string | null;
    } | null;
    return {
      capturedAt: archive.capturedAt,
      award: {
        awardId,
        status: "found",
        category: (a.category as string | null) ?? "grant",
        fain: (a.fain as string | null) ?? null,
        awardingAgencyCode: agency?.toptier_agency?.code ?? null,
        recipient:
          (a.recipient as { recipient_name?: string | null } | null)?.recipient_name ?? null,
        totalObligation: amountText(a.total_obligation),
        baseExercisedOptions: amountText(a.base_exercised_options),
        baseAndAllOptions: amountText(a.base_and_all_options),
        totalOutlay: amountText(a.total_outlay),
        periodStart: period?.start_date?.slice(0, 10) ?? null,
        periodEnd: period?.end_date?.slice(0, 10) ?? null,
        raw: {
          ...a,
          archived: {
            source: `USAspending award record, as archived on ${archive.capturedAt.slice(0, 10)} with DOGE's grant list by the public archive of DOGE's lists (m-nolan/doge-scrape, MIT)`,
            file: `data/${archive.file}`,
            captured_at: archive.capturedAt,
          },
        },
      },
      transactions: [],
    };
  });
}
