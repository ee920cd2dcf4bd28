import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { textInbound } from "../../../src/channels/inbound.ts";
import { renderIntent } from "../../../src/channels/render-text.ts";
import { surveyDefinition } from "../../../src/engine/definition.ts";
import type { Locale } from "../../../src/engine/locale.ts";
import type { RespondDeps } from "../../../src/usecases/respond.ts";
import { respond } from "../../../src/usecases/respond.ts";
import { conversation } from "../../support/conversation.ts";
import { freshDatabase, respondDeps, type TestDatabase, t, withDefaults } from "../../support/db.ts";

/** A survey that is not anonymous: its answers stay linked to the person, so /mydata shows them. */
const VISIT = surveyDefinition.parse(
  YAML.parse(`
slug: home-visit
anonymous: false
title: { ro: Vizita la domiciliu, ru: Визит на дом, uk: Візит додому, en: Home visit }
intro: { ro: Câteva întrebări., ru: Несколько вопросов., uk: Кілька запитань., en: A few questions. }
thanks: { ro: Mulțumim!, ru: Спасибо!, uk: Дякуємо!, en: Thank you! }
questions:
  - name: on_time
    type: yes_no
    label: { ro: A venit la timp?, ru: Пришли вовремя?, uk: Прийшли вчасно?, en: On time? }
  - name: visit_rating
    type: rating
    label: { ro: Cum a fost vizita?, ru: Как прошёл визит?, uk: Як минув візит?, en: How was the visit? }
  - name: note
    type: text
    required: false
    label: { ro: Ce să schimbăm?, ru: Что изменить?, uk: Що змінити?, en: What to change? }
`),
);
const TAPS = [1, 2, 4, 5, 3, 4, 1, 2, 1, 5, 11, 1, 3, 7];
const AT = new Date("2026-11-20T09:00:00Z");

let db: TestDatabase;
let deps: RespondDeps;
beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
  await db.store.surveys.import(VISIT);
  await db.store.services.add({ code: "DC1", name: "Centrul de zi Speranța", locality: "Cahul" });
  deps = respondDeps(db.store);
});
afterAll(() => db.close());

/** One person: the anonymous default survey (with a comment), the home visit twice, and a consultation reply. */
async function person(platformId: string, locale: Locale, words: { comment: string; note: string; reply: string }) {
  const c = conversation(deps, platformId, { channel: "telegram", locale, start: AT });
  await c.start({ serviceCode: "DC1" });
  for (const n of TAPS) await c.pressNth(n);
  await c.text(words.comment);
  for (const note of [words.note, `${words.note} (2)`]) {
    await c.start({ surveySlug: "home-visit" });
    await c.pressNth(1); // consent
    await c.pressNth(1); // on time: yes
    await c.pressNth(4); // rating 4
    await c.text(note);
  }
  const respondent = await db.store.respondents.upsert("telegram", platformId);
  const consultationId = `mydata${platformId.slice(-6)}`;
  await db.store.consultations.create({
    id: consultationId,
    createdById: null,
    sourceLocale: "ro",
    text: { ro: "Ce zi vă convine?", ru: "Какой день вам удобен?" },
    choices: null,
    audience: { all: true },
  });
  await db.store.consultations.startSending(consultationId, AT);
  await db.store.consultations.addRecipients(consultationId, [respondent.id]);
  expect(
    await db.store.consultations.reply({ consultationId, respondentId: respondent.id, choice: null, text: words.reply }, AT),
  ).toBe(true);
}

async function myData(platformId: string, locale: Locale): Promise<string> {
  const inbound = textInbound(
    { channel: "telegram", platformId, suggestedLocale: locale },
    `md-${platformId}`,
    AT.toISOString(),
    "/mydata",
  );
  expect(inbound).toMatchObject({ type: "command", command: "mydata" });
  const result = await respond(deps, inbound);
  return result.intents.map((i) => renderIntent(t, result.locale, i)?.text ?? "").join("\n\n---\n\n");
}

const RU = { comment: "Анонимный комментарий Ивана", note: "Пусть звонят заранее", reply: "Лучше в среду" };
const RO = { comment: "Comentariu anonim al Mariei", note: "Să sune înainte", reply: "Mai bine joi" };
const OTHER = { comment: "Altcineva anonim", note: "NOTA ALTCUIVA", reply: "RĂSPUNSUL ALTCUIVA" };

describe("/mydata", () => {
  beforeAll(async () => {
    await person("8100000001", "ru", RU);
    await person("8100000002", "ro", RO);
    await person("8100000003", "ro", OTHER);
  });

  it("tells a person in Russian what is kept: language, status, service, first day, surveys, linked answers, replies, and /forget", async () => {
    const text = await myData("8100000001", "ru");
    expect(text).toContain("Вот что Glas хранит о Вас:");
    expect(text).toContain("Язык: Русский");
    expect(text).toContain("Сообщения: Вы получаете наши сообщения.");
    expect(text).toContain("Вы пришли через: Centrul de zi Speranța");
    expect(text).toMatch(/Вы впервые написали нам \d{1,2} [а-я]+ 20\d\d/);
    expect(text).toMatch(/• .+: Вы ответили 1 раз\. Опрос анонимный/);
    expect(text).toContain("• Визит на дом: Вы ответили 2 раза. Ваши ответы — ниже.");
    expect(text).toMatch(/Ваши ответы на «Визит на дом» \(20 ноября 2026/);
    expect(text).toContain("Пришли вовремя?: Да");
    expect(text).toContain("Что изменить?: Пусть звонят заранее (2)");
    expect(text).toContain("Что изменить?: Пусть звонят заранее\n");
    expect(text).toContain("«Какой день вам удобен?» — Лучше в среду");
    expect(text).toContain("/forget");
  });

  it("tells a person in Romanian, and holds nothing of anyone else and no anonymous answer", async () => {
    const text = await myData("8100000002", "ro");
    expect(text).toContain("Iată ce păstrează Glas despre dumneavoastră:");
    expect(text).toContain("Limba: Română");
    expect(text).toContain("Ați venit prin: Centrul de zi Speranța");
    expect(text).toContain("• Vizita la domiciliu: ați răspuns de 2 ori. Răspunsurile sunt mai jos.");
    expect(text).toMatch(/• .+: ați răspuns 1 dată\. Este anonim/);
    expect(text).toContain("A venit la timp?: Da");
    expect(text).toContain("Ce să schimbăm?: Să sune înainte");
    expect(text).toContain("«Ce zi vă convine?» — Mai bine joi");
    expect(text).toContain("Ca să ștergeți toate acestea, trimiteți /forget.");
    for (const foreign of [
      RO.comment,
      RU.comment,
      RU.note,
      RU.reply,
      OTHER.note,
      OTHER.reply,
      OTHER.comment,
      "8100000001",
      "8100000002",
      "8100000003",
    ]) {
      expect(text).not.toContain(foreign);
    }
    // The anonymous answers exist, unlinked: /mydata cannot reach them.
    const comments = db.sql.prepare(`SELECT COUNT(*) AS n FROM "Answer" WHERE value = ?`).get(JSON.stringify(RO.comment)) as {
      n: number;
    };
    expect(comments.n).toBe(1);
  });

  it("answers someone Glas has just met, and is on the help and the command menu", async () => {
    const text = await myData("8100000009", "ro");
    expect(text).toContain("Nu ați răspuns încă la niciun chestionar.");
    expect(text).toContain("Nu ați venit printr-un anumit serviciu.");
    for (const lng of ["ro", "ru", "uk", "en"] as const) {
      expect(t(lng, "command.help")).toMatch(/\/mydata — /);
      expect(t(lng, "telegram.commands.mydata")).not.toBe("telegram.commands.mydata");
    }
  });
});
