import { describe, expect, it } from "vitest";
import type { Ask } from "../../../src/engine/intents.ts";
import { type DraftEvent, type DraftLookups, type DraftState, newDraft, stepDraft } from "../../../src/usecases/staff/draft.ts";

/** The drafting conversation as a pure step: no store, every lookup given. */

const AT = new Date("2026-06-02T09:00:00Z"); // 12:00 in Chisinau: no quiet hours
const ID = "k2m8q4x7b9cd";

const lookups = (over: Partial<DraftLookups> = {}): DraftLookups => ({
  staff: {
    id: "st1",
    respondentId: "r1",
    role: "social_worker",
    serviceId: null,
    localityId: null,
    createdAt: AT,
    revokedAt: null,
  },
  services: [{ id: "sv1", code: "DC1", name: "Centrul de zi", locality: "Cahul", localityId: "l1", surveySlug: null }],
  localities: [{ id: "l1", name: "Cahul" }],
  ownLocality: null,
  recipients: { total: 3, breakdown: "Telegram: 2, Viber: 1" },
  locale: "ro",
  at: AT,
  timezone: "Europe/Chisinau",
  minCell: 3,
  ...over,
});

const at = (state: Partial<DraftState>): DraftState => ({ ...newDraft(ID, "ro", AT), ...state });
const text = (t: string, id = "e1"): DraftEvent => ({ id, type: "text", text: t });
const press = (action: string, id = "e1"): DraftEvent => ({ id, type: "press", data: `cs:${ID}:${action}` });
const ask = (intents: { type: string }[]) => intents.findLast((i) => i.type === "ask") as Ask | undefined;

describe("stepDraft", () => {
  it.each([
    { label: "a question moves to its kind", state: at({}), event: text("Ce zi vă convine?"), step: "kind" },
    { label: "choices come next for a choice question", state: at({ step: "kind" }), event: press("k:c"), step: "choices" },
    { label: "a free-text question goes to the audience", state: at({ step: "kind" }), event: press("k:t"), step: "audience" },
    {
      label: "two choices are enough",
      state: at({ step: "choices", choices: [] }),
      event: text("Luni\nJoi"),
      step: "audience",
    },
    { label: "everybody, then the first translation", state: at({ step: "audience" }), event: press("a:all"), step: "translate" },
    { label: "a service from the list", state: at({ step: "service" }), event: press("s:DC1"), step: "translate" },
    {
      label: "no more translations: the preview",
      state: at({ step: "translate", translating: "ru", audience: { all: true } }),
      event: press("t:done"),
      step: "preview",
    },
  ])("$label", ({ state, event, step }) => {
    const result = stepDraft(state, event, lookups());
    expect(result.save?.step).toBe(step);
    expect(result.save?.seen).toContain("e1");
    expect(result.drop).toBe(false);
    expect(ask(result.intents)?.ref).toBe(`consult:${step}`);
  });

  it.each([
    { label: "an empty question", state: at({}), event: text("  "), key: "consult.error.empty" },
    { label: "one choice", state: at({ step: "choices", choices: [] }), event: text("Luni"), key: "consult.error.choicesCount" },
  ])("asks again after $label, saving nothing", ({ state, event, key }) => {
    const result = stepDraft(state, event, lookups());
    expect(result.save).toBeNull();
    expect(result.intents[0]).toMatchObject({ type: "say", parts: [{ key }] });
  });

  it.each([
    { label: "another draft's button", event: { id: "e1", type: "press", data: "cs:aaaaaaaaaaaa:a:all" } as DraftEvent },
    { label: "a button the step does not offer", event: press("t:done") },
    { label: "a locality that does not exist", event: press("l:nowhere") },
  ])("treats $label as stale", ({ event }) => {
    const result = stepDraft(at({ step: "audience" }), event, lookups());
    expect(result).toEqual({ save: null, drop: false, intents: [{ type: "stale" }], confirm: null });
  });

  it("changes nothing for an event it has seen", () => {
    expect(stepDraft(at({ seen: ["e1"] }), text("Again"), lookups()).intents).toEqual([]);
  });

  it("offers a worker with a service only that service", () => {
    const staff = { ...lookups().staff, serviceId: "sv1" };
    const result = stepDraft(at({ step: "kind" }), press("k:t"), lookups({ staff }));
    expect(
      ask(result.intents)
        ?.buttons.flat()
        .map((b) => b.id),
    ).toEqual([`cs:${ID}:s:DC1`, `cs:${ID}:x`]);
  });

  it("confirms with the consultation to create, and drops the draft", () => {
    const state = at({
      step: "preview",
      text: { ro: "Ce zi?" },
      choices: [{ ro: "Luni" }, { ro: "Joi" }],
      audience: { all: true },
    });
    const result = stepDraft(state, press("ok"), lookups());
    expect(result.drop).toBe(true);
    expect(result.confirm).toMatchObject({
      consultation: { id: ID, sourceLocale: "ro", text: { ro: "Ce zi?" }, audience: { all: true } },
      recipients: 3,
    });
  });

  it("refuses to confirm when nobody would get it", () => {
    const state = at({ step: "preview", text: { ro: "Ce zi?" }, audience: { service: "DC1" } });
    const result = stepDraft(state, press("ok"), lookups({ recipients: { total: 0, breakdown: "" } }));
    expect(result.confirm).toBeNull();
    expect(result.intents).toEqual([{ type: "stale" }]);
  });

  it("cancels: the draft is dropped", () => {
    const result = stepDraft(at({ step: "kind" }), press("x"), lookups());
    expect(result.drop).toBe(true);
    expect(result.intents.at(-1)).toMatchObject({ type: "say", parts: [{ key: "consult.cancelled" }] });
  });
});
