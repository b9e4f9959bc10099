import { commissionIdOfSlug, commissionWrites } from "../../domain/commissions.ts";
import { CommissionPatchBody, commissionSpec, SlugParam } from "../../schemas/commissions.ts";
import { updateHandlers } from "../versioned-writes.ts";

export const updateCommissionHandlers = updateHandlers({
  ...commissionSpec,
  writes: commissionWrites,
  body: CommissionPatchBody,
  idParam: SlugParam,
  resolveId: (db, { slug }) => commissionIdOfSlug(db, slug as string),
});
