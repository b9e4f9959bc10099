import { commissionWrites } from "../../domain/commissions.ts";
import { CommissionCreateBody, commissionSpec } from "../../schemas/commissions.ts";
import { createHandlers } from "../versioned-writes.ts";

/** Editors add commissions; the audit log keeps who and why. */
export const createCommissionHandlers = createHandlers({
  ...commissionSpec,
  writes: commissionWrites,
  body: CommissionCreateBody,
});
