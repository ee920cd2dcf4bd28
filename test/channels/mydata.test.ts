import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, telegramHarness, telegramUser } from "../support/telegram.ts";
import { type ViberHarness, viberHarness, viberUser } from "../support/viber.ts";

let tg: Harness;
let vb: ViberHarness;
beforeAll(async () => {
  [tg, vb] = await Promise.all([telegramHarness(), viberHarness()]);
});
afterAll(async () => {
  await Promise.all([tg.close(), vb.close()]);
});

describe("/mydata through the messengers", () => {
  it("answers in Telegram, in the person's language, with their data only", async () => {
    const user = telegramUser(tg, { id: 7_300_000_001, language: "ru" });
    await user.text("/start");
    await user.text("/mydata");
    const texts = user.sentToMe().map((c) => String(c.params.text));
    const answer = texts.slice(-4).join("\n");
    expect(answer).toContain("Вот что Glas хранит о Вас:");
    expect(answer).toContain("/forget");
    expect(answer).not.toContain("7300000001");
  });

  it("answers in Viber, in the person's language", async () => {
    const user = viberUser(vb, { id: "mydataViberUser0000000==", language: "ro" });
    await user.open();
    await user.text("/mydata");
    const texts = user.received().map((m) => m.text ?? "");
    expect(texts.some((t) => t.includes("Iată ce păstrează Glas despre dumneavoastră:"))).toBe(true);
    expect(texts.at(-1)).toContain("Ca să ștergeți toate acestea, trimiteți /forget.");
  });
});
