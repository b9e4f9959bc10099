import { eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { jobCursors } from "../schema/index.ts";

/** Forget where a step was to resume: its next run starts afresh. */
export async function clearCursor(db: Db, step: string) {
  await db.delete(jobCursors).where(eq(jobCursors.step, step));
}
