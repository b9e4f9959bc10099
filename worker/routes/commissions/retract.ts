import { commissionIdOfSlug, commissionWrites } from "../../domain/commissions.ts";
import { commissionSpec, SlugParam } from "../../schemas/commissions.ts";
import { retractHandlers } from "../versioned-writes.ts";

export const retractCommissionHandlers = retractHandlers({
  ...commissionSpec,
  writes: commissionWrites,
  idParam: SlugParam,
  resolveId: (db, { slug }) => commissionIdOfSlug(db, slug as string),
});
