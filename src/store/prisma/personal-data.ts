import { surveyDefinition } from "../../engine/definition.ts";
import { isLocale } from "../../engine/locale.ts";
import type { AnswerValue } from "../../engine/state.ts";
import type { LocalizedText, RespondentStatus } from "../ports.ts";
import type { PersonalDataStore } from "../privacy-ports.ts";
import type { PrismaClient } from "./client.ts";

const parseDefinition = (json: string) => surveyDefinition.parse(JSON.parse(json));

/** Reads only rows that hold this person's id: nobody else's data can come back. */
export function createPersonalDataStore(db: PrismaClient): PersonalDataStore {
  return {
    async personalData(respondentId, limits) {
      const person = await db.respondent.findUnique({
        where: { id: respondentId },
        include: { service: true, staff: true },
      });
      if (!person) return null;
      const participations = await db.participation.findMany({
        where: { respondentId },
        include: { survey: { include: { versions: { orderBy: { version: "desc" }, take: 1 } } } },
        orderBy: { survey: { slug: "asc" } },
      });
      const where = { respondentId };
      const [responses, responsesTotal, replies] = await Promise.all([
        db.response.findMany({
          where,
          include: { answers: true, surveyVersion: true },
          orderBy: [{ startedAt: "desc" }, { id: "asc" }],
          take: limits.responses,
        }),
        db.response.count({ where }),
        db.consultationReply.findMany({
          where,
          include: { consultation: true },
          orderBy: [{ createdAt: "desc" }, { id: "asc" }],
          take: limits.replies,
        }),
      ]);
      const definitions = new Map<string, ReturnType<typeof parseDefinition>>();
      const definition = (id: string, json: string) => {
        let parsed = definitions.get(id);
        if (!parsed) {
          parsed = parseDefinition(json);
          definitions.set(id, parsed);
        }
        return parsed;
      };
      return {
        channel: person.channel,
        locale: isLocale(person.locale) ? person.locale : null,
        status: person.status as RespondentStatus,
        firstWrote: person.createdAt,
        service: person.service ? { code: person.service.code, name: person.service.name } : null,
        staffRole: person.staff && !person.staff.revokedAt ? person.staff.role : null,
        surveys: participations.flatMap((p) => {
          const latest = p.survey.versions[0];
          return latest ? [{ definition: definition(latest.id, latest.definition), count: p.count }] : [];
        }),
        responses: responses.map((r) => {
          const def = definition(r.surveyVersionId, r.surveyVersion.definition);
          const order = new Map(def.questions.map((q, i) => [q.name, i]));
          return {
            day: r.completedAt ?? r.startedAt,
            completed: r.status === "completed",
            definition: def,
            answers: r.answers
              .map((a) => ({ question: a.question, value: JSON.parse(a.value) as AnswerValue }))
              .sort((a, b) => (order.get(a.question) ?? 0) - (order.get(b.question) ?? 0)),
          };
        }),
        responsesTotal,
        replies: replies.map((r) => ({
          consultation: {
            text: JSON.parse(r.consultation.text) as LocalizedText,
            choices: r.consultation.choices ? (JSON.parse(r.consultation.choices) as LocalizedText[]) : null,
            sourceLocale: isLocale(r.consultation.sourceLocale) ? r.consultation.sourceLocale : "ro",
          },
          choice: r.choice,
          text: r.text,
        })),
      };
    },
  };
}
