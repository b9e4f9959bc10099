import { env } from "cloudflare:test";
import { parse } from "csv-parse/sync";
import { eq, inArray } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import fpdsCsv from "../../data/fpds/fpds-doge-contracts-2025-03-05.csv?raw";
import { commissions, proposals, webhookSubscriptions } from "../../db/schema/index.ts";
import { createSubscription } from "../../worker/domain/subscriptions.ts";
import { testDb } from "../helpers/db.ts";
import { AWARDS_CRON, claimFor, fire } from "../helpers/jobs.ts";
import { makeKey } from "../helpers/keys.ts";
import { drain, received } from "../helpers/webhooks.ts";

// The job's changes reach subscribers: a run fans out at its end, verdict changes included.
const { db, close } = testDb();
const subs: number[] = [];
afterAll(async () => {
  if (subs.length) {
    await db.delete(webhookSubscriptions).where(inArray(webhookSubscriptions.id, subs));
  }
  await close();
});

describe("webhooks from the job", () => {
  const [record] = parse(fpdsCsv, { columns: true, bom: true, to: 1 }) as Record<string, string>[];
  const link = new URL(record?.LINK ?? "").searchParams;

  it("delivers the verdict the assess step gives a claim, once, signed", async () => {
    // A run first, so the fan-out knows the verdicts as they stand.
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "2" });
    const claim = await claimFor(db, link.get("PIID"), link.get("agencyID"), null, {
      claimDate: "2031-01-01",
    });
    const [row] = await db
      .select({ slug: commissions.slug })
      .from(proposals)
      .innerJoin(commissions, eq(commissions.id, proposals.commissionId))
      .where(eq(proposals.id, claim));
    const key = await makeKey(db, "subscriber");
    const tag = crypto.randomUUID().slice(0, 8);
    const { row: sub, secret } = await createSubscription(db, {
      apiKeyId: key.id,
      fields: {
        url: `${env.WEBHOOK_RECEIVER_URL}/${tag}/verdicts`,
        commission: row?.slug ?? null,
        kinds: ["verdict_changed"],
      },
      who: { actor: "test", requestId: null },
    });
    subs.push(sub.id);

    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "2" });
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "2" });
    await drain(db, [sub.id]);

    const posts = await received(`/${tag}/verdicts`);
    expect(posts).toHaveLength(1);
    const payload = new Webhook(secret).verify(posts[0]?.body ?? "", posts[0]?.headers ?? {}) as {
      type: string;
      data: {
        proposal_id: number;
        changed_fields: { assessment_status: { old: unknown; new: unknown } };
      };
    };
    expect(payload.type).toBe("change.verdict_changed");
    expect(payload.data.proposal_id).toBe(claim);
    expect(payload.data.changed_fields.assessment_status.old).toBeNull();
    expect(payload.data.changed_fields.assessment_status.new).toEqual(expect.any(String));
  });
});
