import { dayRange, lastFullPeriod, type Period, parseDay, startOfDay } from "../../reports/periods.ts";
import { OperationError, type PeriodQuery } from "./ports.ts";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A moment with a time and an explicit zone, e.g. 2026-03-01T08:00:00+02:00. */
const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A period as named (the last full week or month, or whole local days) in `timeZone`. */
export function resolvePeriod(query: PeriodQuery, timeZone: string, now: Date): Period {
  if ("period" in query) return lastFullPeriod(query.period, now, timeZone);
  try {
    return dayRange(query.from, query.to, timeZone);
  } catch (err) {
    if (err instanceof RangeError) throw new OperationError("invalid", err.message, { cause: err });
    throw err;
  }
}

/** A day is a whole local day: `from` starts at its midnight, `to` ends at the next one. */
export function parseBound(value: string, which: "from" | "to", timeZone: string): Date {
  if (DAY.test(value)) {
    try {
      return which === "from" ? startOfDay(parseDay(value), timeZone) : dayRange(value, value, timeZone).end;
    } catch (err) {
      throw new OperationError("invalid", `--${which}: ${(err as Error).message}`, { cause: err });
    }
  }
  const at = MOMENT.test(value) ? new Date(value) : null;
  if (!at || Number.isNaN(at.getTime())) {
    throw new OperationError(
      "invalid",
      `--${which} must be a date like 2026-03-01 or a moment like 2026-03-01T08:00:00+02:00, not "${value}"`,
    );
  }
  return at;
}
