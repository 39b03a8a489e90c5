import type { ListingSummary, ListingType } from '~/modules/listings/view'

// What listing pages and dashboards send to the browser about matches: plain JSON, shared
// by the server that builds it (listing-matches.server.ts) and the components that show
// it (app/components/matches.tsx).

/** How well a pair fits, in words: the blended score (scoring.ts) is not a probability. */
export type FitLevel = 'strong' | 'good' | 'possible'

/**
 * Thresholds read off the blend: the same occupation with shared skills and near enough
 * scores ~0.9; the same field far away or without shared skills ~0.6–0.8; sponsorship for
 * the field ~0.45 and related fields ~0.25–0.35.
 */
const FIT_THRESHOLDS: readonly [FitLevel, number][] = [
  ['strong', 0.8],
  ['good', 0.5],
]

export function fitLevel(score: number): FitLevel {
  return FIT_THRESHOLDS.find(([, minimum]) => score >= minimum)?.[0] ?? 'possible'
}

export type MatchView = {
  listing: ListingSummary
  /** null in degraded mode: a plain database candidate, not ranked */
  fit: { score: number; level: FitLevel } | null
  /** in the viewer's language; empty in degraded mode */
  reasons: string[]
  /** the matched listing appeared since the member's previous visit (dashboards only) */
  isNew: boolean
}

/**
 * A listing's matches. `degraded`: search was unavailable, so `matches` are compatible
 * listings from the database (hard rules kept), newest first, without ranking or reasons.
 */
export type ListingMatches = { degraded: boolean; matches: MatchView[] }

/** A dashboard's matches: one owner's newest open listings, each with its best few matches. */
export type DashboardMatches = {
  /** what the owner's listings are: needs (a college) or offers (a business or an expert) */
  type: ListingType
  /** some listing's matches came from the database because search was unavailable */
  degraded: boolean
  listings: { listing: Pick<ListingSummary, 'key' | 'kind' | 'title'>; matches: MatchView[] }[]
}
