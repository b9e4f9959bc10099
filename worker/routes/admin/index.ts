import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { requireKey } from "../../middleware/auth.ts";
import { writeLimit } from "../../middleware/limits.ts";
import { createKeyHandlers } from "./create-key.ts";
import { deleteAnySubscriptionHandlers } from "./delete-subscription.ts";
import { listAuditHandlers } from "./list-audit.ts";
import { listKeySubscriptionsHandlers } from "./list-key-subscriptions.ts";
import { listKeysHandlers } from "./list-keys.ts";
import { pauseSubscriptionHandlers } from "./pause-subscription.ts";
import { revokeKeyHandlers } from "./revoke-key.ts";
import { runJobStepHandlers } from "./run-step.ts";

const admin = [requireKey("admin"), writeLimit] as const;
// An admin's reads count against the read quota (every GET under /v1 does), not the write one.
const adminRead = [requireKey("admin")] as const;

export const adminRoutes = new Hono<AppEnv>()
  .post("/jobs/:step/run", ...admin, ...runJobStepHandlers)
  .post("/keys", ...admin, ...createKeyHandlers)
  .get("/keys", ...adminRead, ...listKeysHandlers)
  .delete("/keys/:id", ...admin, ...revokeKeyHandlers)
  .get("/keys/:id/subscriptions", ...adminRead, ...listKeySubscriptionsHandlers)
  .patch("/subscriptions/:id", ...admin, ...pauseSubscriptionHandlers)
  .delete("/subscriptions/:id", ...admin, ...deleteAnySubscriptionHandlers)
  .get("/audit", ...adminRead, ...listAuditHandlers);
