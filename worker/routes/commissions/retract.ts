import { commissionIdBySlug } from "../../../db/queries/commissions.ts";
import { commissionWrites } from "../../domain/commissions.ts";
import { retractHandlers } from "../versioned-writes.ts";
import { commissionSpec, SlugParam } from "./schema.ts";

export const retractCommissionHandlers = retractHandlers({
  ...commissionSpec,
  writes: commissionWrites,
  idParam: SlugParam,
  resolveId: (db, { slug }) => commissionIdBySlug(db, slug as string),
});
