import type { AnswerCount, IndicatorCount, ResponseCount } from "../store/ports.ts";
import type { AuditCell, AuditInput } from "./audit.ts";
import { type CountCell, type Disclosed, disclose, type FigureCell, type PeopleCount, shareCell } from "./disclosure.ts";
import {
  NPS,
  type NpsFigure,
  npsOf,
  type Proportion,
  proportion,
  RIGHTS_INDICATORS,
  type RightsIndicator,
  SATISFACTION,
} from "./indicators.ts";

/**
 * One period's figures by service, by locality and for everyone ("All"), through the disclosure
 * step. Every column is a table of counts of people: completed questionnaires, and for each
 * indicator the people who answered its questions (the base its share stands on). Each table
 * ties its service rows, its locality rows and the "All" row together through the people of each
 * service in each locality (never shown), so that no row of one table undoes a hidden row of the
 * other. A share or mean is shown only when its base is shown and counts at least MIN_CELL people.
 */

export const COLUMNS = ["responses", ...RIGHTS_INDICATORS, SATISFACTION, NPS, "INDEX"] as const;
export type ColumnKey = (typeof COLUMNS)[number];

export type Figure = FigureCell<number>;

/** A row's head: a service (with its locality's name), a locality, or null ids for "none". */
export type RowHead = { id: string | null; code: string | null; name: string | null; locality: string | null };

/** One row as deliveries show it: counts and figures that passed the step, and nothing else. */
export type BreakdownRow = RowHead & {
  responses: CountCell;
  rights: Record<RightsIndicator, Figure>;
  /** Share of ratings of 4–5. */
  satisfaction: Figure;
  /** Mean rating, 1–5. */
  mean: Figure;
  /** Net promoter score, −100..100. */
  nps: Figure;
  /** The rights index: all rights answers pooled. */
  index: Figure;
};

type Measure = Proportion & { people: number; detractors: number; sum: number };

/** A slice's figures before the step: internal to the reports, never delivered. */
export type RawRow = { responses: number } & Record<Exclude<ColumnKey, "responses">, Measure>;

export type PeriodData = {
  counts: ResponseCount[];
  answers: IndicatorCount[];
  pooled: AnswerCount[];
};

export type PeriodFigures = {
  services: BreakdownRow[];
  localities: BreakdownRow[];
  all: BreakdownRow;
  /** Raw figures by row key (`s:<id>`, `l:<id>`, `all`): for trends and the ranking only. */
  raw: Map<string, RawRow>;
  disclosed: Map<ColumnKey, Disclosed>;
};

const NONE = "-";
export const serviceKey = (id: string | null) => `s:${id ?? NONE}`;
export const localityKey = (id: string | null) => `l:${id ?? NONE}`;
export const ALL = "all";
const ALL_WEIGHT = 100;
const fineKey = (serviceId: string | null, localityId: string | null) => `f:${serviceId ?? NONE}|${localityId ?? NONE}`;

type Slice = { serviceId: string | null; localityId: string | null };

function measure(rows: AnswerCount[]): Measure {
  let answers = 0;
  let people = 0;
  let positive = 0;
  let detractors = 0;
  let sum = 0;
  for (const r of rows) {
    answers += r.answers;
    people += r.people;
    positive += r.positive;
    detractors += r.detractors;
    sum += r.sum;
  }
  return { ...proportion(answers, positive), people, detractors, sum };
}

function rawOf(data: PeriodData, keep: (s: Slice) => boolean): RawRow {
  const answers = data.answers.filter(keep);
  const of = (code: string) => measure(answers.filter((a) => a.indicator === code));
  return {
    responses: data.counts.filter(keep).reduce((s, c) => s + c.responses, 0),
    ...(Object.fromEntries(RIGHTS_INDICATORS.map((code) => [code, of(code)])) as Record<RightsIndicator, Measure>),
    [SATISFACTION]: of(SATISFACTION),
    [NPS]: of(NPS),
    INDEX: measure(data.pooled.filter(keep)),
  };
}

const peopleIn = (raw: RawRow, column: ColumnKey) => (column === "responses" ? raw.responses : raw[column].people);

/**
 * The period's rows, protected. `services` and `localities` are every row a delivery may show
 * (a service with nobody is a row of zeros); the rows of a summary of one service are taken from
 * these, so they hide exactly what the district's summary hides.
 */
export function periodFigures(data: PeriodData, services: RowHead[], localities: RowHead[], minCell: number): PeriodFigures {
  const raw = new Map<string, RawRow>();
  for (const s of services)
    raw.set(
      serviceKey(s.id),
      rawOf(data, (x) => x.serviceId === s.id),
    );
  for (const l of localities)
    raw.set(
      localityKey(l.id),
      rawOf(data, (x) => x.localityId === l.id),
    );
  raw.set(
    ALL,
    rawOf(data, () => true),
  );
  const pairs = new Map<string, Slice>();
  for (const x of [...data.counts, ...data.answers, ...data.pooled]) {
    pairs.set(fineKey(x.serviceId, x.localityId), { serviceId: x.serviceId, localityId: x.localityId });
  }
  const fine = new Map(
    [...pairs].map(([key, p]) => [key, rawOf(data, (x) => x.serviceId === p.serviceId && x.localityId === p.localityId)]),
  );

  const sums = [
    { total: ALL, parts: services.map((s) => serviceKey(s.id)) },
    { total: ALL, parts: localities.map((l) => localityKey(l.id)) },
    ...services.map((s) => ({
      total: serviceKey(s.id),
      parts: [...pairs].filter(([, p]) => p.serviceId === s.id).map(([key]) => key),
    })),
    ...localities.map((l) => ({
      total: localityKey(l.id),
      parts: [...pairs].filter(([, p]) => p.localityId === l.id).map(([key]) => key),
    })),
  ];
  const disclosed = new Map<ColumnKey, Disclosed>();
  for (const column of COLUMNS) {
    const counts: PeopleCount[] = [
      // The "All" row carries the summary's headline figures: hidden last.
      ...[...raw].map(([key, r]) => ({ key, n: peopleIn(r, column), ...(key === ALL && { weight: ALL_WEIGHT }) })),
      ...[...fine].map(([key, r]) => ({ key, n: peopleIn(r, column), published: false })),
    ];
    // A row whose number of people is hidden shows none of its figures.
    const hide = column === "responses" ? [] : [...(disclosed.get("responses")?.hidden ?? [])];
    disclosed.set(column, disclose({ minCell, counts, sums, hide }));
  }

  const row = (head: RowHead, key: string): BreakdownRow => {
    const r = raw.get(key) as RawRow;
    const cell = (column: ColumnKey) => (disclosed.get(column) as Disclosed).cell(key);
    const share = (column: Exclude<ColumnKey, "responses">) =>
      shareCell(r[column].share, r[column].people, minCell, cell(column));
    const sat = r[SATISFACTION];
    const nps: NpsFigure = npsOf(r[NPS].answers, r[NPS].positive, r[NPS].detractors);
    return {
      ...head,
      responses: cell("responses"),
      rights: Object.fromEntries(RIGHTS_INDICATORS.map((code) => [code, share(code)])) as Record<RightsIndicator, Figure>,
      satisfaction: share(SATISFACTION),
      mean: shareCell(sat.answers > 0 ? sat.sum / sat.answers : null, sat.people, minCell, cell(SATISFACTION)),
      nps: shareCell(nps.score, r[NPS].people, minCell, cell(NPS)),
      index: share("INDEX"),
    };
  };
  return {
    services: services.map((s) => row(s, serviceKey(s.id))),
    localities: localities.map((l) => row(l, localityKey(l.id))),
    all: row({ id: null, code: null, name: null, locality: null }, ALL),
    raw,
    disclosed,
  };
}

/**
 * The auditor's view of what a delivery shows of one period's tables: `published` row keys
 * keep their cells; every other cell stays in the sums as a figure never shown. Keys are
 * prefixed, so that several periods and tables make one delivery.
 */
export function deliveredFigures(
  figures: PeriodFigures,
  prefix: string,
  published: (row: string, column: ColumnKey) => boolean,
): AuditInput {
  const cells: AuditCell[] = [];
  const sums: AuditInput["sums"] = [];
  for (const [column, d] of figures.disclosed) {
    const name = (key: string) => `${prefix}:${column}:${key}`;
    for (const c of d.audit.cells) {
      const visible = ("shown" in c || c.published) && published(c.key, column);
      cells.push(visible ? { ...c, key: name(c.key) } : { key: name(c.key), hidden: true, published: false });
    }
    for (const s of d.audit.sums) sums.push({ total: name(s.total), parts: s.parts.map(name) });
  }
  return { cells, sums };
}

/** Several views in one: one delivery's tables. */
export function mergeFigures(...inputs: AuditInput[]): AuditInput {
  return { cells: inputs.flatMap((i) => i.cells), sums: inputs.flatMap((i) => i.sums) };
}
