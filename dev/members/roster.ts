import { normalizeName } from "../../worker/domain/draft.ts";
import { type ApproxDate, parseApproxDate } from "../../worker/lib/approx-date.ts";

/** data/members/doge-people-2025-05-10.json, as the file has it. */
export type RosterFile = {
  source: string;
  people: {
    name: string;
    slug: string;
    positions: {
      agency: string;
      title?: string | null;
      type?: string | null;
      start_date?: string | null;
      end_date?: string | null;
      source?: string | null;
    }[];
  }[];
};

/** data/members/doge-agency-ids-2025-05-10.json: the roster's agency ids and their parents. */
export type RosterAgencies = {
  source: string;
  agencies: { id: string; name: string; parent_id: string | null }[];
};

export type RosterPosting = {
  agencyRef: string;
  agencyName: string;
  agencyCode: string | null;
  title: string | null;
  postingType: string | null;
  start: ApproxDate;
  end: ApproxDate;
  sourceUrl: string;
  /** How the source was found: cited by the roster for this posting, or the roster itself. */
  sourceNote: string | null;
};

export type RosterMember = { name: string; slug: string; postings: RosterPosting[] };

/**
 * The roster's ids for the commission itself (DOGE, and the US Digital Service it was renamed
 * from): a posting there is at no agency whose claims it could stand beside, though the roster
 * files DOGE under the Executive Office of the President.
 */
const COMMISSION_IDS = new Set(["DOGE", "USDS"]);

/** Where the roster comes from, for postings whose report it does not cite. */
export const ROSTER_URL =
  "https://github.com/harrisj/doge_track/blob/main/data/raw_data/people.yaml";

/**
 * The roster as members with postings, each posting placed at a cutwatch agency: its own agency
 * id if cutwatch knows it, else its parent's, and so on ("CMS" → "HHS" → 075). `codeOf` says
 * which agency code an id and name stand for (by abbreviation or alias), null when none.
 * A posting whose report the roster does not cite keeps the roster as its source, saying so.
 * Throws on a date no precision rule reads: the file is data, not guesswork.
 */
export function rosterMembers(
  roster: RosterFile,
  agencies: RosterAgencies,
  codeOf: (id: string, name: string) => string | null,
): RosterMember[] {
  const byId = new Map(agencies.agencies.map((a) => [a.id, a]));
  const placed = new Map<string, string | null>();
  const place = (id: string): string | null => {
    // A posting at the commission itself is at no agency (see COMMISSION_IDS).
    if (COMMISSION_IDS.has(id)) return null;
    if (placed.has(id)) return placed.get(id) ?? null;
    const a = byId.get(id);
    const code = codeOf(id, a?.name ?? id) ?? (a?.parent_id ? place(a.parent_id) : null);
    placed.set(id, code);
    return code;
  };
  return roster.people.map((p) => ({
    name: p.name.trim(),
    slug: p.slug,
    postings: p.positions.map((pos) => {
      const start = parseApproxDate(pos.start_date);
      const end = parseApproxDate(pos.end_date);
      if (!start || !end) {
        throw new Error(`${p.slug}: unreadable date ${pos.start_date} / ${pos.end_date}`);
      }
      return {
        agencyRef: pos.agency,
        agencyName: byId.get(pos.agency)?.name ?? pos.agency,
        agencyCode: place(pos.agency),
        title: pos.title?.trim() || null,
        postingType: pos.type?.trim() || null,
        start,
        end,
        sourceUrl: pos.source?.trim() || ROSTER_URL,
        sourceNote: pos.source?.trim()
          ? null
          : "no report cited for this posting; the roster compiled by harrisj/doge_track (2025-05-10)",
      };
    }),
  }));
}

/**
 * Names the roster writes for departments ("Commerce Department", "State Department") in the
 * form the agency aliases use ("Department of Commerce"), and the name as written.
 */
export function agencyNameForms(name: string): string[] {
  const m = /^(.+) Department$/i.exec(name.trim());
  return [name, ...(m ? [`Department of ${m[1]}`, `Department of the ${m[1]}`] : [])].map(
    normalizeName,
  );
}
