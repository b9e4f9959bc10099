import type { Db } from "../../db/client.ts";
import { assessedWithin } from "../../db/queries/assessments.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";

/**
 * Whether any claim was assessed under the current methodology in the last `seconds`. The assess
 * step computes every version in one pass, the current one last, so this also says the latest
 * pass reached its end.
 */
export const assessedRecently = (db: Db, seconds: number) =>
  assessedWithin(db, METHODOLOGY_VERSION, seconds);
