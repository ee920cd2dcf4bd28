import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_COMMENT_DAYS, DEFAULT_INACTIVE_DAYS, DEFAULT_POLICY } from "../src/usecases/privacy/policy.ts";
import { recordMarkdown, withRecord } from "../src/usecases/privacy/record.ts";

const readme = readFileSync("README.md", "utf8");

describe("the README's record of processing", () => {
  it("is the one the code builds from its constants (npm run readme:record rewrites it)", () => {
    expect(withRecord(readme, DEFAULT_POLICY)).toBe(readme);
  });

  it("follows the configured retention", () => {
    const table = recordMarkdown({ commentDays: 90, inactiveDays: 400, timeZone: "Europe/Kyiv" });
    expect(table).toContain("90 days after the day they were written (RETENTION_COMMENT_DAYS)");
    expect(table).toContain("400 days after their last message (RETENTION_INACTIVE_DAYS)");
    expect(readme).toContain(`${DEFAULT_COMMENT_DAYS} days after the day they were written`);
    expect(readme).toContain(`${DEFAULT_INACTIVE_DAYS} days after their last message`);
    expect(readme).toContain("| Audit log: time, staff id, role, action, scope");
  });
});
