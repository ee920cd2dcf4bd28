import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../support/db.ts";
import { type Harness, telegramHarness, telegramUser } from "../support/telegram.ts";
import { type ViberHarness, viberHarness, viberUser } from "../support/viber.ts";

/**
 * `/forget` leaves nothing: after it, and after a later block (Telegram) or unsubscribe (Viber),
 * no column of any table holds the person's platform id or a word they typed.
 */
function leftovers(db: TestDatabase, needles: string[]): string[] {
  const tables = db.sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
    name: string;
  }[];
  const found: string[] = [];
  for (const { name } of tables) {
    for (const row of db.sql.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
      for (const [column, value] of Object.entries(row)) {
        const text = value instanceof Uint8Array ? Buffer.from(value).toString("utf8") : String(value);
        for (const needle of needles) if (text.includes(needle)) found.push(`${name}.${column} holds ${needle}`);
      }
    }
  }
  return found;
}

/** A free-text consultation already sent to this person, awaiting their typed reply. */
async function consultationFor(db: TestDatabase, platformId: string, id: string): Promise<void> {
  const { id: respondentId } = db.sql.prepare(`SELECT id FROM "Respondent" WHERE "platformId" = ?`).get(platformId) as {
    id: string;
  };
  const sentAt = new Date(Date.now() - 60_000);
  await db.store.consultations.create({
    id,
    createdById: null,
    sourceLocale: "ro",
    text: { ro: "Ce ați schimba?" },
    choices: null,
    audience: { all: true },
  });
  await db.store.consultations.startSending(id, sentAt);
  await db.store.consultations.addRecipients(id, [respondentId]);
  await db.store.consultations.awaitReplies([respondentId], id, sentAt);
}

describe("/forget in Telegram, then blocking the bot", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await telegramHarness();
  });
  afterAll(() => h.close());

  it("leaves no row holding the Telegram id or the words they typed", async () => {
    const id = 7_400_000_001;
    const user = telegramUser(h, { id, language: "ro" });
    await user.text("/help");
    await consultationFor(h.db, String(id), "forgettg0001");
    const typed = "Aș vrea transport pentru bunica Ileana";
    await user.text(typed); // the consultation's typed reply
    expect(h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "ConsultationReply" WHERE text = ?`).get(typed)).toEqual({ n: 1 });
    await user.text("/join WRNG-CODE-0001"); // a lockout counter
    await user.text("/forget");
    await user.tap(1); // yes, erase
    const kicked = {
      update_id: 600_000_001,
      my_chat_member: {
        chat: { id, type: "private", first_name: "Ion" },
        from: { id, is_bot: false, first_name: "Ion", language_code: "ro" },
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { user: { id: 123456, is_bot: true, first_name: "Glas" }, status: "member" },
        new_chat_member: { user: { id: 123456, is_bot: true, first_name: "Glas" }, status: "kicked", until_date: 0 },
      },
    };
    expect((await h.deliver(kicked)).status).toBe(200);
    expect(
      (
        await h.deliver({
          ...kicked,
          update_id: 600_000_002,
          my_chat_member: {
            ...kicked.my_chat_member,
            new_chat_member: { ...kicked.my_chat_member.new_chat_member, status: "member" },
          },
        })
      ).status,
    ).toBe(200);
    expect(leftovers(h.db, [String(id), typed])).toEqual([]);
    expect(h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "JoinAttempt"`).get()).toEqual({ n: 1 });
  });
});

describe("/forget in Viber, then unsubscribing", () => {
  let h: ViberHarness;
  beforeAll(async () => {
    h = await viberHarness();
  });
  afterAll(() => h.close());

  it("leaves no row holding the Viber id or the words they typed", async () => {
    const user = viberUser(h, { id: "Zm9yZ2V0VmliZXIwMDE=", language: "ro" });
    await user.open();
    await user.tapLabel("Română");
    await consultationFor(h.db, user.profile.id, "forgetvb0001");
    const typed = "Aș vrea mai multe vizite acasă";
    await user.text(typed);
    expect(h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "ConsultationReply" WHERE text = ?`).get(typed)).toEqual({ n: 1 });
    await user.text("/forget");
    await user.tapLabel("Da, ștergeți");
    await h.deliver(user.event("unsubscribed"));
    await h.deliver(user.event("subscribed"));
    expect(leftovers(h.db, [user.profile.id, typed])).toEqual([]);
  });
});
