import { describeDocument } from "../../openapi.ts";

/** What the two feeds share: their description and their headers. */

export function describeFeed(operationId: string, type: string) {
  return describeDocument(
    {
      operationId,
      tag: "Proposals",
      summary: `The latest changes as ${type === "application/atom+xml" ? "Atom" : "JSON Feed"}`,
      description:
        "The 50 newest changes across claims, filterable by commission and agency, for feed readers.",
    },
    type,
  );
}

export function feedHeaders(type: string) {
  return { "Content-Type": type, "Cache-Control": "public, max-age=300" };
}
