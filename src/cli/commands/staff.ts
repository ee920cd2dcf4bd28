import type { Command } from "commander";
import { STAFF_ROLES, type StaffRole } from "../../store/ports.ts";
import { FailedError, UsageError } from "../exit.ts";
import { withOperations } from "../operations.ts";

const day = (iso: string) => iso.slice(0, 10);

export function registerInvite(program: Command): void {
  program
    .command("invite")
    .requiredOption("--role <role>", `${STAFF_ROLES.join(" or ")}`)
    .option("--service <code>", "limit their consultations to the beneficiaries of this service")
    .option("--locality <name>", "limit their consultations to this locality")
    .action(async (opts: { role: string; service?: string; locality?: string }) => {
      if (!STAFF_ROLES.includes(opts.role as StaffRole)) throw new UsageError(`--role must be ${STAFF_ROLES.join(" or ")}`);
      await withOperations({ defaults: true }, async (ops) => {
        const invite = await ops.invite({
          role: opts.role as StaffRole,
          service: opts.service ?? null,
          locality: opts.locality ?? null,
        });
        const scope = invite.service
          ? `the beneficiaries of ${invite.service.code} (${invite.service.name})`
          : invite.locality
            ? `everyone in ${invite.locality}`
            : "everyone subscribed";
        process.stdout.write(
          `Invite code: ${invite.code}\n` +
            `Role: ${invite.role}; may consult ${scope}.\n` +
            `Single use, valid until ${invite.expiresAt}.\n` +
            `The worker sends to the bot, in Telegram or Viber:  /join ${invite.code}\n`,
        );
      });
    });
}

export function registerStaff(program: Command): void {
  const staff = program.command("staff");

  staff
    .command("list")
    .description("staff members: id, role, scope, messenger, since, revoked (no names)")
    .action(async () => {
      await withOperations({}, async (ops) => {
        const members = await ops.listStaff();
        if (members.length === 0) {
          process.stdout.write(`No staff yet: issue a code with "glas invite --role social_worker".\n`);
          return;
        }
        process.stdout.write("id\trole\tscope\tchannel\tsince\trevoked\n");
        for (const m of members) {
          const scope = m.service ? `service ${m.service}` : m.locality ? `locality ${m.locality}` : "all";
          process.stdout.write(
            `${m.id}\t${m.role}\t${scope}\t${m.channel}\t${day(m.since)}\t${m.revokedAt ? day(m.revokedAt) : "-"}\n`,
          );
        }
      });
    });

  staff
    .command("revoke")
    .argument("<id>", "the id shown by glas staff list")
    .description("take away a member's staff rights (their consultations and replies stay)")
    .action(async (id: string) => {
      await withOperations({}, async (ops) => {
        if (!(await ops.revokeStaff(id))) {
          process.stderr.write(`No active staff member with id ${id} (see "glas staff list").\n`);
          throw new FailedError("unknown staff member");
        }
        process.stdout.write(`Revoked ${id}: /consult and /results are refused to them from now on.\n`);
      });
    });
}
