import * as v from "valibot";
import { changeFeed } from "../../domain/changes.ts";
import { atomFeed } from "../../lib/feed.ts";
import { ChangeFilters } from "../../schemas/changes.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { describeFeed, feedHeaders } from "./describe.ts";

/** GET /feeds/changes.atom: the latest 50 changes, for feed readers. */
export const changesAtomHandlers = factory.createHandlers(
  describeFeed("changesAtom", "application/atom+xml"),
  validate("query", v.strictObject(ChangeFilters)),
  async (c) => {
    const feed = await changeFeed(c.req.url, c.get("db"), c.req.valid("query"));
    return c.body(
      atomFeed(feed.head, feed.entries),
      200,
      feedHeaders("application/atom+xml; charset=utf-8"),
    );
  },
);
