import { factory } from "../factory.ts";
import { describeExport, download } from "./full.ts";

/** GET /v1/export/proposals.csv: the dataset download: the newest daily snapshot, or streamed. */
export const exportCsvHandlers = factory.createHandlers(describeExport("csv"), (c) =>
  download(c, "csv"),
);
