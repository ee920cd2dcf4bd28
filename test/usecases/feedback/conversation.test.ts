import { describe, expect, it } from "vitest";
import type { Intent } from "../../../src/engine/intents.ts";
import { FB, startWriting, stepWriting, type WriteState } from "../../../src/usecases/feedback/conversation.ts";
import { withWriteToUs } from "../../../src/usecases/feedback/index.ts";
import { readReference } from "../../../src/usecases/feedback/reference.ts";

const at = "2026-06-01T07:00:00.000Z";
let n = 0;
const press = (data: string) => ({ id: `e${++n}`, at, type: "press" as const, data });
const text = (t: string) => ({ id: `e${++n}`, at, type: "text" as const, text: t });

function run(state: WriteState, ...events: Parameters<typeof stepWriting>[1][]) {
  let current: WriteState | null = state;
  let last = stepWriting(state, events[0] ?? press("none"));
  for (const event of events) {
    if (!current) break;
    last = stepWriting(current, event);
    current = last.state;
  }
  return last;
}

describe("writing a message (pure step)", () => {
  it.each([
    {
      label: "from /feedback: kind, text, anonymous, send",
      start: startWriting(at).state,
      events: [press(FB.kind("complaint")), text(" Rude nurse "), press(FB.anonymous), press(FB.confirm)],
      submit: { kind: "complaint", text: "Rude nurse", contact: null },
    },
    {
      label: "from typed text: offer accepted, kind, call back with the shared number",
      start: startWriting(at, "The bus is late").state,
      events: [
        press(FB.send),
        press(FB.kind("suggestion")),
        press(FB.callBack),
        { id: "c1", at, type: "contact" as const, phone: "+37360000001" },
        press(FB.confirm),
      ],
      submit: { kind: "suggestion", text: "The bus is late", contact: "+37360000001" },
    },
    {
      label: "a typed word at the phone step means no number",
      start: startWriting(at, "Thank you").state,
      events: [press(FB.send), press(FB.kind("thanks")), press(FB.callBack), text("🙈 Stay anonymous"), press(FB.confirm)],
      submit: { kind: "thanks", text: "Thank you", contact: null },
    },
  ])("$label", ({ start, events, submit }) => {
    expect(run(start, ...events).submit).toEqual(submit);
  });

  it.each([
    { label: "a button of another step", state: startWriting(at).state, event: press(FB.confirm), type: "stale" },
    { label: "a forged kind", state: startWriting(at).state, event: press("fb:k:nonsense"), type: "stale" },
    { label: "text where a button is expected", state: startWriting(at).state, event: text("hello"), type: "reask" },
    {
      label: "a number outside the phone step",
      state: startWriting(at).state,
      event: { id: "x", at, type: "contact" as const, phone: "1" },
      type: "reask",
    },
  ])("refuses $label, changing nothing", ({ state, event, type }) => {
    const result = stepWriting(state, event);
    expect(result.state).toBe(state);
    expect(result.intents[0]?.type).toBe(type);
  });

  it("refuses an empty or too long message, and ignores a redelivered event", () => {
    const atText = run(startWriting(at).state, press(FB.kind("question"))).state as WriteState;
    expect(stepWriting(atText, text("   ")).intents[0]).toMatchObject({ type: "reask", reason: "empty" });
    expect(stepWriting(atText, text("x".repeat(1001))).intents[0]).toMatchObject({ type: "reask", reason: "too_long" });
    const event = text("When does the doctor come?");
    const after = stepWriting(atText, event).state as WriteState;
    expect(stepWriting(after, event)).toEqual({ state: after, intents: [], submit: null });
  });

  it("cancels at any step, and No drops an offered text", () => {
    expect(stepWriting(startWriting(at).state, press(FB.cancel)).state).toBeNull();
    expect(stepWriting(startWriting(at, "hi").state, press(FB.no)).state).toBeNull();
  });
});

describe("the thank-you", () => {
  it("gets the “✉ Write to us” button", () => {
    const intents: Intent[] = [
      { type: "say", parts: [{ type: "literal", text: "Thank you!" }] },
      { type: "end", outcome: "completed" },
    ];
    expect(withWriteToUs(intents)[0]).toMatchObject({ type: "ask", buttons: [[{ id: FB.write }]] });
    expect(withWriteToUs([{ type: "end", outcome: "declined" }])).toEqual([{ type: "end", outcome: "declined" }]);
  });
});

describe("references", () => {
  it.each([
    ["F-7K3Q", "F-7K3Q"],
    ["f-7k3q", "F-7K3Q"],
    ["7K3Q", "F-7K3Q"],
    ["F-7K0Q", null],
    ["F-IL1O", null],
  ])("reads %s as %s", (typed, ref) => {
    expect(readReference(typed)).toBe(ref);
  });
});
