const DAY_MS = 86_400_000;

/**
 * Midnight UTC of the day `at` falls on: what rows that name a person keep instead of a
 * moment (Respondent, Participation, processed updates), so no time on them lines up with anything.
 */
export function utcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}
