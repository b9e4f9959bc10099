import type { Db } from "../../db/client.ts";
import { type CaseFilters, type CaseRow, listCases } from "../../db/queries/cases.ts";
import { type ApiRecord, toApi } from "../lib/serialize.ts";

/** A lawsuit as the API shows it; `agencies` lists the agencies it names. */
export type CaseRecord = ApiRecord<CaseRow>;

export async function findCases(db: Db, filters: CaseFilters): Promise<CaseRecord[]> {
  return (await listCases(db, filters)).map((row) => toApi(row));
}

export const CASE_COLUMNS = [
  "id",
  "commission",
  "docket",
  "name",
  "description",
  "filed_on",
  "status",
  "url",
  "agencies",
  "sources",
] as const satisfies readonly (keyof CaseRecord)[];
