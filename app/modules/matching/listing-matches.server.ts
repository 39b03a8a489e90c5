import { createCookie } from '@remix-run/node'
import { prisma } from '~/modules/db/db.server'
import type { Language } from '~/modules/i18n/i18n'
import type { ListingType } from '~/modules/listings/view'
import { getEnv } from '~/modules/runtime/env.server'
import { log } from '~/modules/runtime/logger.server'
import { isSearchConfigured, isSearchUnavailable } from '~/modules/search/client.server'
import type { ListingDocument } from '~/modules/search/documents.server'
import { fallbackCandidates } from './fallback.server'
import { fitLevel, type DashboardMatches, type ListingMatches, type MatchView } from './match-view'
import { matchesForNeed, matchesForOffer, NotMatchable, type Match } from './matching.server'
import { documentSummary } from '~/modules/search/summaries.server'
import { LISTED_WHERE } from '~/modules/listings/visibility'

// Matches as listing pages and dashboards show them: ranked by matching.server.ts with
// reasons in the viewer's language, or — when Meilisearch is down, slower than the search
// deadline, not ready or not configured —
// compatible listings from the database (fallback.server.ts) with `degraded` set. A page
// never fails because search did.

/** Matches on a listing's page: more for its owner, who came to find partners. */
export const PAGE_MATCHES = { owner: 9, visitor: 6 } as const
/** A dashboard shows this many open listings of each organisation or profile, newest first… */
export const DASHBOARD_LISTINGS = 5
/** …with this many matches each. */
export const DASHBOARD_MATCHES = 3
type Options = { limit: number; lng: Language; newSince?: Date }

function isNew(doc: ListingDocument, newSince: Date | undefined): boolean {
  return newSince !== undefined && doc.createdAt > newSince.getTime()
}

function rankedView(match: Match<ListingDocument>, newSince: Date | undefined): MatchView {
  return {
    listing: documentSummary(match.listing),
    fit: { score: Math.round(match.score * 1000) / 1000, level: fitLevel(match.score) },
    reasons: match.reasons,
    isNew: isNew(match.listing, newSince),
  }
}

/**
 * The matches of the need or offer `key` for a page: null when search says it cannot be
 * matched (unknown, not public, or not open); in degraded mode such a listing gets no candidates.
 */
export async function listingMatches(type: ListingType, key: string, { limit, lng, newSince }: Options): Promise<ListingMatches | null> {
  if (isSearchConfigured()) {
    try {
      // Queries carry the search deadline (client.server.ts): a hung Meilisearch is an unavailable one.
      const { matches }: { matches: Match<ListingDocument>[] } = type === 'need' ? await matchesForNeed(key, { limit, lng }) : await matchesForOffer(key, { limit, lng })
      return { degraded: false, matches: matches.map((match) => rankedView(match, newSince)) }
    } catch (error) {
      if (error instanceof NotMatchable) return null
      if (!isSearchUnavailable(error)) throw error
      log.warn('matches from the database: search unavailable', { type, key, error: error instanceof Error ? error.message : String(error) })
    }
  }
  const candidates = await fallbackCandidates(type, key, limit)
  return { degraded: true, matches: candidates.map((doc) => ({ listing: documentSummary(doc), fit: null, reasons: [], isNew: isNew(doc, newSince) })) }
}

const LISTING_SELECT = { key: true, kind: true, title: true } as const
const NEWEST_FIRST = [{ createdAt: 'desc' as const }, { id: 'asc' as const }]

/** Whose listings: a college's needs, a business's offers, an expert's services. */
export type DashboardOwner = { type: ListingType; orgId: string } | { type: 'offer'; expertId: string }

/**
 * "New matches for your needs" / "Needs matching your offers": the newest open listings of
 * one owner (bounded), each with its best few matches, all fetched in parallel. Matches of
 * listings created after `newSince` are marked new (none without it: a first visit).
 */
export async function dashboardMatches(owner: DashboardOwner, lng: Language, newSince: Date | undefined): Promise<DashboardMatches> {
  const { type } = owner
  const read = { select: LISTING_SELECT, orderBy: NEWEST_FIRST, take: DASHBOARD_LISTINGS }
  const listings =
    owner.type === 'need'
      ? await prisma.need.findMany({ where: { orgId: owner.orgId, ...LISTED_WHERE }, ...read })
      : await prisma.offer.findMany({ where: { ...('orgId' in owner ? { orgId: owner.orgId } : { expertId: owner.expertId }), ...LISTED_WHERE }, ...read })
  const withMatches = await Promise.all(
    listings.map(async (listing) => ({
      listing,
      found: await listingMatches(type, listing.key, { limit: DASHBOARD_MATCHES, lng, newSince }),
    })),
  )
  return {
    type,
    degraded: withMatches.some(({ found }) => found?.degraded),
    listings: withMatches.map(({ listing, found }) => ({ listing, matches: found?.matches ?? [] })),
  }
}

/**
 * The moment after which matched listings count as new: the member's previous visit. A first
 * visit (none recorded in this browser) shows none as new: everything would be.
 */
export function newSince(previousVisit: Date | null): Date | undefined {
  return previousVisit ?? undefined
}

/**
 * Visits this close together are one sitting: the dashboard keeps counting from the visit
 * before it, so going to a listing's matches and back does not clear the "new" marks.
 */
export const VISIT_SITTING_MS = 30 * 60 * 1000

// The member's previous dashboard visit, for "new" matches: a cookie of this browser,
// naming the user so that another account signing in on it starts afresh. It holds the
// latest visit (`at`) and the one that began the sitting's counting (`since`).
// Path "/": client-side navigations load the dashboard's data from /dashboard.data.
const visitCookie = createCookie('cn_dashboard_visit', {
  path: '/',
  httpOnly: true,
  sameSite: 'lax',
  secure: getEnv().NODE_ENV === 'production' && getEnv().appUrl.startsWith('https://'),
  maxAge: 60 * 60 * 24 * 365,
})

const instant = (value: unknown): Date | null => (typeof value === 'number' && Number.isFinite(value) ? new Date(value) : null)

/**
 * When `userId` last opened the dashboard in this browser, as "new" counts from it (null:
 * never, or someone else did): the latest visit, or within a sitting the visit before it.
 */
export async function previousDashboardVisit(request: Request, userId: string, now = new Date()): Promise<Date | null> {
  const value: unknown = await visitCookie.parse(request.headers.get('cookie'))
  if (typeof value !== 'object' || value === null) return null
  const { user, at, since } = value as { user?: unknown; at?: unknown; since?: unknown }
  const latest = instant(at)
  if (user !== userId || !latest) return null
  return now.getTime() - latest.getTime() < VISIT_SITTING_MS ? instant(since) : latest
}

/** The Set-Cookie header that records this visit (`since`: what this visit counted "new" from). */
export async function recordDashboardVisit(userId: string, now = new Date(), since: Date | null = null): Promise<string> {
  return visitCookie.serialize({ user: userId, at: now.getTime(), since: since?.getTime() ?? null })
}
