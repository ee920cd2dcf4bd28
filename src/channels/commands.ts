import { STAFF_COMMANDS, type StaffCommand } from "../usecases/staff/index.ts";

/** Commands a person can type in any channel; the same words mean the same everywhere. */
export const PERSON_COMMANDS = ["start", "language", "help", "mydata", "stop", "forget"] as const;
/** `/summary`: the directorate's summary on demand. */
export const DIRECTORATE_COMMANDS = ["summary"] as const;
/** `/dashboard`: a one-time sign-in link to the web dashboard, for staff. */
export const WEB_COMMANDS = ["dashboard"] as const;
/** Staff commands (`/join CODE`, `/consult`...) are understood too; refused politely to non-staff. */
export type PersonCommand =
  | (typeof PERSON_COMMANDS)[number]
  | StaffCommand
  | (typeof DIRECTORATE_COMMANDS)[number]
  | (typeof WEB_COMMANDS)[number];

export type ParsedCommand = { command: PersonCommand; payload: string | null };

/** Deep-link payload naming a service: `svc_<CODE>`. */
export const SERVICE_PAYLOAD = /^svc_([A-Za-z0-9_-]{1,40})$/;

/**
 * `/start svc_DC1`, `/help@GlasBot` → the command and its payload; anything else → null.
 * Unknown commands are null too: they are answered as text.
 */
export function parseCommand(text: string): ParsedCommand | null {
  const match = /^\/([a-z]+)(?:@\w+)?(?:\s+(\S+))?\s*$/i.exec(text.trim());
  if (!match) return null;
  const name = (match[1] ?? "").toLowerCase();
  const command = [...PERSON_COMMANDS, ...STAFF_COMMANDS, ...DIRECTORATE_COMMANDS, ...WEB_COMMANDS].find((c) => c === name);
  return command ? { command, payload: match[2] ?? null } : null;
}

export function serviceFromPayload(payload: string | null): string | null {
  return payload ? (SERVICE_PAYLOAD.exec(payload)?.[1] ?? null) : null;
}
