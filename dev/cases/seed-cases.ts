import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { Db } from "../../db/client.ts";
import { saveCases } from "../../db/queries/cases.ts";
import { agencyMatcher } from "../members/seed-roster.ts";

const DATA = new URL("../../data/cases/", import.meta.url);
const SOURCE = {
  url: "https://github.com/harrisj/trump_data/tree/main/it_modernization/db/import",
  title: "harrisj/trump_data, DOGE cases (CC0 1.0)",
  retrieved_at: "2025-08-07",
};

type CsvRow = Record<string, string>;

/**
 * The lawsuits about DOGE from data/cases/ (37 cases, CC0), each with the agencies it names,
 * placed at cutwatch's agencies as the roster's postings are (its own id, else its parent's). An
 * id for the commission itself (DOGE) names no agency. Returns the cases stored.
 */
export async function seedCases(db: Db, commissionId: number): Promise<number> {
  const read = async (file: string) =>
    parse(await readFile(new URL(file, DATA), "utf8"), { columns: true }) as CsvRow[];
  const cases = await read("doge-cases-2025-08-07.csv");
  const named = await read("doge-cases-agencies-2025-08-07.csv");
  const ids = await read("doge-agencies-2025-08-07.csv");
  const codeOf = await agencyMatcher(db);
  const byId = new Map(ids.map((a) => [a.id ?? "", a]));
  const place = (id: string, seen = new Set<string>()): string | null => {
    if (id === "DOGE" || id === "USDS" || seen.has(id)) return null;
    seen.add(id);
    const a = byId.get(id);
    return codeOf(id, a?.name ?? id) ?? (a?.parent_id ? place(a.parent_id, seen) : null);
  };
  return saveCases(
    db,
    cases.map((c) => ({
      commissionId,
      docket: c.case_no ?? "",
      name: c.name ?? "",
      description: c.description || null,
      filedOn: c.date_filed || null,
      status: c.status || null,
      url: c.link ?? "",
      sources: [SOURCE],
      agencies: named
        .filter((n) => n.case_no === c.case_no)
        .map((n) => ({ agencyId: n.agency_id ?? "", agencyCode: place(n.agency_id ?? "") })),
    })),
  );
}
