import { sendExport } from "../../lib/listing.ts";
import { factory } from "../factory.ts";
import { describeExport, everyProposal } from "./describe.ts";

/** GET /v1/export/proposals.json: the dataset download, never held in memory whole. */
export const exportJsonHandlers = factory.createHandlers(describeExport("json"), (c) =>
  sendExport(c, "json", everyProposal(c)),
);
