import * as v from "valibot";
import { changeFeed } from "../../domain/changes.ts";
import { jsonFeed } from "../../lib/feed.ts";
import { ChangeFilters } from "../../schemas/changes.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { describeFeed, feedHeaders } from "./describe.ts";

/** GET /feeds/changes.json: the latest 50 changes as a JSON Feed. */
export const changesJsonFeedHandlers = factory.createHandlers(
  describeFeed("changesJsonFeed", "application/feed+json"),
  validate("query", v.strictObject(ChangeFilters)),
  async (c) => {
    const feed = await changeFeed(c.req.url, c.get("db"), c.req.valid("query"));
    return c.body(
      jsonFeed(feed.head, feed.entries),
      200,
      feedHeaders("application/feed+json; charset=utf-8"),
    );
  },
);
