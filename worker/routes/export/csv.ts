import { sendExport } from "../../lib/listing.ts";
import { factory } from "../factory.ts";
import { describeExport, everyProposal } from "./describe.ts";

/** GET /v1/export/proposals.csv: the dataset download, never held in memory whole. */
export const exportCsvHandlers = factory.createHandlers(describeExport("csv"), (c) =>
  sendExport(c, "csv", everyProposal(c)),
);
