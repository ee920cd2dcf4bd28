import type { Translate } from "../i18n/index.ts";
import type { Renderers } from "../usecases/staff/job.ts";
import type { SummaryRenderers } from "../usecases/summaries/index.ts";
import { telegram } from "./telegram/index.ts";
import type { ChannelDefinition } from "./types.ts";
import { viber } from "./viber/index.ts";

/** Every messenger Glas speaks, registered once: a new channel is one more entry here. */
export const CHANNELS: readonly ChannelDefinition[] = [telegram, viber];

/** How each messenger shows broadcasts and their progress, on or off. */
export function broadcastRenderers(t: Translate, publicUrl: string | null = null): Renderers {
  return Object.fromEntries(CHANNELS.map((c) => [c.name, c.renderer(t, publicUrl).broadcast]));
}

/** How each messenger shows a summary; Viber gets the chart and workbook as links, so only with PUBLIC_URL. */
export function summaryRenderers(t: Translate, publicUrl: string | null): SummaryRenderers {
  return Object.fromEntries(CHANNELS.map((c) => [c.name, c.renderer(t, publicUrl).summary]));
}
