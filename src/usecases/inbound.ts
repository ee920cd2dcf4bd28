import type { Config } from "../config.ts";
import type { EngineEvent } from "../engine/events.ts";
import type { Intent } from "../engine/intents.ts";
import type { Locale } from "../engine/locale.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/ports.ts";
import type { StaffCommand, StaffOptions } from "./staff/index.ts";
import type { Summaries } from "./summaries/index.ts";

export type RespondDeps = {
  store: Store;
  log: Logger;
  defaultLocale: Locale;
  /** The survey run when nothing names another (no service, or a service without its own). */
  defaultSurvey: string;
  /** Quiet hours and result suppression for consultations (config TIMEZONE and MIN_CELL). */
  staff?: StaffOptions;
  /** The directorate's summaries, for `/summary` (absent in `glas simulate`). */
  summaries?: Summaries;
  /** PUBLIC_URL, for `/dashboard`'s sign-in link. */
  publicUrl?: string | null;
};

/** What every runtime gives `respond`, from the configuration. */
export function respondDepsFor(
  config: Pick<Config, "DEFAULT_LOCALE" | "TIMEZONE" | "MIN_CELL" | "PUBLIC_URL">,
  store: Store,
  log: Logger,
  defaultSurvey: string,
): RespondDeps {
  return {
    store,
    log,
    defaultLocale: config.DEFAULT_LOCALE,
    defaultSurvey,
    staff: { timezone: config.TIMEZONE, minCell: config.MIN_CELL },
    publicUrl: config.PUBLIC_URL ?? null,
  };
}

export type Command = "help" | "stop" | "forget" | "mydata" | "summary" | "dashboard" | StaffCommand;

/** An inbound event from any channel, already parsed: the channel makes no survey decisions. */
export type Inbound = {
  channel: string;
  platformId: string;
  /** The messenger's language for this person, used until they choose one. */
  suggestedLocale?: Locale | null;
} & (
  | {
      type: "event";
      event: EngineEvent;
      /** From a deep link or poster: the service whose survey to run and credit. */
      serviceCode?: string | null;
      /** Run this survey rather than the service's or the default one. */
      surveySlug?: string | null;
      /**
       * Offer the language menu at a start even though the messenger's language is known
       * (`suggestedLocale` is then only the language Glas speaks in until the person chooses).
       */
      askLanguage?: boolean;
    }
  /** `payload`: what follows the command (`/join CODE`); `at`: when it was sent. */
  | { type: "command"; command: Command; payload?: string | null; at?: string }
);

export type RespondResult = {
  /** The language to render in (after the event: a language choice applies at once). */
  locale: Locale;
  intents: Intent[];
  respondentId: string | null;
};
