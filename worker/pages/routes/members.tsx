import { loadMembers } from "../../domain/member-pages.ts";
import { describeDocument } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { CommissionQuery, factory, PAGE_HEADERS } from "../http.ts";
import { MembersPage } from "../members.tsx";

/** GET /members */
export const membersPageHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "membersPage",
      tag: "Pages",
      summary: "The members page",
      description: "Who leads or led each commission, with sources.",
    },
    "text/html",
    [400, 503],
  ),
  validate("query", CommissionQuery),
  async (c) => {
    const { commission } = c.req.valid("query");
    const members = await loadMembers(c.get("db"), commission);
    return c.html(<MembersPage members={members} commission={commission} />, 200, PAGE_HEADERS);
  },
);
