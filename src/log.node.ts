import { pino } from "pino";
import type { Logger } from "./log.ts";

/** pino on Node; the same field names as the Workers console logger. */
export function createNodeLogger(level = process.env.LOG_LEVEL ?? "info", destination?: pino.DestinationStream): Logger {
  const logger = pino({ level, base: { app: "glas" } }, destination ?? pino.destination(2));
  return {
    debug: (fields, msg) => logger.debug(fields, msg),
    info: (fields, msg) => logger.info(fields, msg),
    warn: (fields, msg) => logger.warn(fields, msg),
    error: (fields, msg) => logger.error(fields, msg),
  };
}
