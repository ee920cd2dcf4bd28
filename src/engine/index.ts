export * from "./definition.ts";
export * from "./events.ts";
export * from "./intents.ts";
export * from "./locale.ts";
export * from "./state.ts";
export { initialState, resumeIntents, type StepResult, step } from "./step.ts";
