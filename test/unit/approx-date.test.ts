import { describe, expect, it } from "vitest";
import { approxDateText, parseApproxDate, postedOn } from "../../worker/lib/approx-date.ts";

describe("dates as the reports give them", () => {
  it("keep their precision: a day, about a day, a month only, nothing", () => {
    expect(parseApproxDate("2025-02-14")).toEqual({ on: "2025-02-14", precision: "day" });
    expect(parseApproxDate("2025-02-14~")).toEqual({ on: "2025-02-14", precision: "approximate" });
    expect(parseApproxDate("2025-02-XX")).toEqual({ on: "2025-02-01", precision: "month" });
    expect(parseApproxDate(null)).toEqual({ on: null, precision: "unknown" });
    expect(parseApproxDate("2025-02-30")).toBeNull();
    expect(parseApproxDate("February")).toBeNull();
  });

  it("read as a reader reads them", () => {
    expect(approxDateText({ on: "2025-02-01", precision: "month" })).toBe("February 2025");
    expect(approxDateText({ on: "2025-02-14", precision: "approximate" })).toBe("about 2025-02-14");
    expect(approxDateText({ on: null, precision: "unknown" })).toBe("not reported");
  });

  it("place a 2025-02-XX posting on 2025-02-14 and on no day of March", () => {
    const feb = parseApproxDate("2025-02-XX");
    const none = parseApproxDate(null);
    if (!feb || !none) throw new Error("unreadable");
    expect(postedOn(feb, feb, "2025-02-14")).toBe(true);
    expect(postedOn(feb, feb, "2025-02-28")).toBe(true);
    expect(postedOn(feb, feb, "2025-03-02")).toBe(false);
    expect(postedOn(feb, feb, "2025-01-31")).toBe(false);
    // No end reported: still there as far as anyone reported.
    expect(postedOn(feb, none, "2025-03-02")).toBe(true);
    // No start reported: on no day at all.
    expect(postedOn(none, none, "2025-02-14")).toBe(false);
  });
});
