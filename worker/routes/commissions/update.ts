import { commissionIdBySlug } from "../../../db/queries/commissions.ts";
import { commissionWrites } from "../../domain/commissions.ts";
import { updateHandlers } from "../versioned-writes.ts";
import { CommissionPatchBody, commissionSpec, SlugParam } from "./schema.ts";

export const updateCommissionHandlers = updateHandlers({
  ...commissionSpec,
  writes: commissionWrites,
  body: CommissionPatchBody,
  idParam: SlugParam,
  resolveId: (db, { slug }) => commissionIdBySlug(db, slug as string),
});
