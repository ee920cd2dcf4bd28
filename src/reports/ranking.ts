import { type Proportion, wilson } from "./indicators.ts";

/**
 * The ranking of services (the yearly competition for the best, transparent and inclusive
 * service, computed continuously): by the rights index, highest first, with Wilson's 95%
 * interval. Services with fewer than the minimum of completed responses are listed as "not
 * enough answers" and not ranked. Services whose index is equal to a tenth of a percentage
 * point share a rank, and the next rank skips (1, 2, 2, 4).
 */

export type RankingInput = { id: string; code: string; name: string; responses: number; index: Proportion };

export type RankingEntry =
  | (RankingInput & { type: "ranked"; rank: number; share: number; low: number; high: number })
  | (RankingInput & { type: "insufficient" });

/** Index values equal at this precision tie (a tenth of a percentage point). */
const TIE_PRECISION = 1000;

export function rankServices(services: RankingInput[], minResponses: number): RankingEntry[] {
  const ranked = services
    .filter((s) => s.responses >= minResponses && s.index.share !== null)
    .map((s) => {
      const interval = wilson(s.index.positive, s.index.answers) ?? { low: 0, high: 0 };
      return { ...s, type: "ranked" as const, rank: 0, share: s.index.share as number, ...interval };
    })
    .sort((a, b) => key(b.share) - key(a.share) || a.name.localeCompare(b.name));
  ranked.forEach((entry, i) => {
    const before = ranked[i - 1];
    entry.rank = before && key(before.share) === key(entry.share) ? before.rank : i + 1;
  });
  const insufficient = services
    .filter((s) => !(s.responses >= minResponses && s.index.share !== null))
    .map((s) => ({ ...s, type: "insufficient" as const }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return [...ranked, ...insufficient];
}

const key = (share: number) => Math.round(share * TIE_PRECISION);
