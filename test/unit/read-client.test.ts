import { describe, expect, it } from "vitest";
import { servesHttpQueries } from "../../db/client.ts";

// Unset DB_HTTP_READS means "where the database serves Neon's HTTP queries": a Neon host, or the
// local proxy that speaks the protocol. A plain Postgres has no such endpoint, so its reads must
// stay on the Pool, or every GET would fail.
describe("servesHttpQueries", () => {
  it("is on for Neon's hosts, pooled or not", () => {
    for (const host of [
      "ep-cool-name-123456.us-east-2.aws.neon.tech",
      "ep-cool-name-123456-pooler.eu-central-1.aws.neon.tech",
    ]) {
      expect(servesHttpQueries({ databaseUrl: `postgres://u:p@${host}/neondb` })).toBe(true);
    }
  });

  it("is off for any other Postgres, and for hosts that merely end like Neon's", () => {
    for (const url of [
      "postgres://u:p@db.example.org:5432/app",
      "postgres://u:p@127.0.0.1:5432/test",
      "postgres://u:p@evilneon.tech/app",
      "not a url",
    ]) {
      expect(servesHttpQueries({ databaseUrl: url })).toBe(false);
    }
  });

  it("is on wherever the local proxy (which serves POST /sql) is configured", () => {
    expect(
      servesHttpQueries({
        databaseUrl: "postgres://u@127.0.0.1:5432/test",
        wsProxy: "127.0.0.1:9",
      }),
    ).toBe(true);
  });
});
