import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { requireKey } from "../../middleware/auth.ts";
import { writeLimit } from "../../middleware/limits.ts";
import { createSubscriptionHandlers } from "./create.ts";
import { deleteSubscriptionHandlers } from "./delete.ts";
import { listDeliveriesHandlers } from "./deliveries.ts";
import { getSubscriptionHandlers } from "./get.ts";
import { listSubscriptionsHandlers } from "./list.ts";
import { updateSubscriptionHandlers } from "./update.ts";

const write = [requireKey("subscriber"), writeLimit] as const;
const read = [requireKey("subscriber")] as const;

/** /v1/subscriptions: a subscriber key's webhooks (README "Subscriptions"). */
export const subscriptionRoutes = new Hono<AppEnv>()
  .post("/", ...write, ...createSubscriptionHandlers)
  .get("/", ...read, ...listSubscriptionsHandlers)
  .get("/:id", ...read, ...getSubscriptionHandlers)
  .patch("/:id", ...write, ...updateSubscriptionHandlers)
  .delete("/:id", ...write, ...deleteSubscriptionHandlers)
  .get("/:id/deliveries", ...read, ...listDeliveriesHandlers);
