/**
 * `npm run assess [-- --full]`: run the assess step against DATABASE_URL (or the embedded
 * database) until it is done. Without `--full`, over the claims changed since the last pass and
 * those they can move, as the job does; with it, over every claim (the step does this by itself
 * when the computed methodology versions change).
 */
import { assessClaims } from "../../worker/jobs/assess/step.ts";
import { withDatabase } from "./database.ts";

const full = process.argv.includes("--full");

await withDatabase(async (db, where) => {
  let assessed = 0;
  let passes = 0;
  for (;;) {
    const counts = await assessClaims(db, { full });
    assessed += counts.changed;
    passes += 1;
    if (counts.complete) break;
  }
  console.log(
    `${full ? "full" : "incremental"} assessment of ${where}: ${assessed} assessments written in ${passes} pass${passes > 1 ? "es" : ""}`,
  );
});
