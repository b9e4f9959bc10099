import { factory } from "../factory.ts";
import { describeExport, download } from "./full.ts";

/** GET /v1/export/proposals.json: the dataset download: the newest daily snapshot, or streamed. */
export const exportJsonHandlers = factory.createHandlers(describeExport("json"), (c) =>
  download(c, "json"),
);
