import { loadMember } from "../../domain/member-pages.ts";
import { describeDocument } from "../../openapi.ts";
import { IdParam } from "../../schemas/common.ts";
import { validate } from "../../validate.ts";
import { factory, notFoundPage, PAGE_HEADERS } from "../http.ts";
import { MemberPage } from "../members.tsx";

/** GET /members/:id */
export const memberPageHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "memberPage",
      tag: "Pages",
      summary: "A member's page",
      description: "A member's facts, sources and history.",
    },
    "text/html",
    [400, 404, 503],
  ),
  validate("param", IdParam("member")),
  async (c) => {
    const { id } = c.req.valid("param");
    const data = await loadMember(c.get("db"), id);
    if (!data) notFoundPage(`No member with id ${id}.`);
    return c.html(<MemberPage data={data} />, 200, PAGE_HEADERS);
  },
);
