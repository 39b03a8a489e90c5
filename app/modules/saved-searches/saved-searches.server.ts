import { prisma } from '~/modules/db/db.server'
import { queueEmail } from '~/modules/email/mailer.server'
import { DEFAULT_LANGUAGE, isLanguage, todayInHanoi, type Language } from '~/modules/i18n/i18n'
import { getTFor } from '~/modules/i18n/i18n.server'
import { getEnv } from '~/modules/runtime/env.server'
import { log } from '~/modules/runtime/logger.server'
import { formParams } from '~/modules/search/search-params'
import { parseSearchParams } from '~/modules/search/search-params.server'
import { newListingsMatching } from '~/modules/search/search.server'

// Saved searches: a member keeps a search page query and gets one email a day listing the
// public, open listings that match it and were published since the last email (the search
// page's own rules: app/modules/search). Only the owner reads, renames or deletes a search.
// docs/decisions/017-notifications.md

/** At most this many saved searches per member. */
export const MAX_SAVED_SEARCHES = 50
/** At most this many listings are named in one email; the rest are counted. */
export const DIGEST_LISTINGS = 20

export type SavedSearchView = { id: string; name: string; query: string; href: string; lastDigestAt: string; createdAt: string }

/** The search page's query as saved: canonical (the page's own order, defaults left out), without the page number. */
export function savedQuery(raw: string): string {
  const params = formParams(new URLSearchParams(raw.replace(/^\?/, '')))
  params.delete('page')
  return params.toString()
}

const searchHref = (query: string) => (query ? `/search?${query}` : '/search')

export async function listSavedSearches(userId: string): Promise<SavedSearchView[]> {
  const rows = await prisma.savedSearch.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    query: row.query,
    href: searchHref(row.query),
    lastDigestAt: row.lastDigestAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  }))
}

/**
 * Saves a search for the user, named `name` or else by its words (or "All listings"). New
 * listings are counted from now. Refused past MAX_SAVED_SEARCHES.
 */
export async function saveSearch(userId: string, input: { name?: string; query?: string }, lng: Language, now = new Date()): Promise<{ ok: true; id: string } | { ok: false; error: 'too-many' }> {
  const query = savedQuery(input.query ?? '')
  const words = parseSearchParams(new URLSearchParams(query)).state.q
  const name = input.name?.trim() || words || (await getTFor(lng))('savedSearches.page.allListings')
  return prisma.$transaction(async (tx) => {
    // One member's saves one after the other, so two tabs cannot pass the cap together.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`saved-searches:${userId}`}))`
    if ((await tx.savedSearch.count({ where: { userId } })) >= MAX_SAVED_SEARCHES) return { ok: false as const, error: 'too-many' as const }
    const row = await tx.savedSearch.create({ data: { userId, name: name.slice(0, 100), query, lastDigestAt: now }, select: { id: true } })
    return { ok: true as const, id: row.id }
  })
}

/** Renames the user's search; false when it is not theirs. */
export async function renameSearch(userId: string, id: string, name: string): Promise<boolean> {
  return (await prisma.savedSearch.updateMany({ where: { id, userId }, data: { name } })).count > 0
}

/** Deletes the user's search; false when it is not theirs. */
export async function deleteSearch(userId: string, id: string): Promise<boolean> {
  return (await prisma.savedSearch.deleteMany({ where: { id, userId } })).count > 0
}

/** The search page address of the user's search; null when it is not theirs. */
export async function savedSearchHref(userId: string, id: string): Promise<string | null> {
  const row = await prisma.savedSearch.findFirst({ where: { id, userId }, select: { query: true } })
  return row ? searchHref(row.query) : null
}

// ───────────────────────────── the daily email ─────────────────────────────

/** When that Hà Nội day began (UTC+7 all year). */
const dayStart = (day: string) => new Date(`${day}T00:00:00+07:00`)

export const savedSearchDigestKey = (id: string, day: string) => `saved-search:${id}:${day}`

/**
 * Where the search index is known to be complete: now, or just before the oldest change still
 * waiting for the index (Meilisearch was down), so that listing is in a later email, not lost.
 */
async function indexedUpTo(now: Date): Promise<Date> {
  const waiting = await prisma.outboxEntry.findFirst({
    where: { kind: 'search_index', status: { in: ['pending', 'dead'] }, createdAt: { lte: now } },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true },
  })
  return waiting ? new Date(Math.min(now.getTime(), waiting.createdAt.getTime() - 1)) : now
}

/**
 * For each saved search not yet handled today (Hà Nội), the listings published since its last
 * email that match it; the owner is mailed when there are any, and the search moves on to
 * `until` either way. Exactly once per search per day, however many runs at once: the move is
 * a conditional update (only from the value this run read), in the transaction that records
 * the email under the key `saved-search:<id>:<day>`. Returns how many emails were queued.
 */
export async function sendSavedSearchDigests(now = new Date()): Promise<number> {
  const day = todayInHanoi(now)
  const due = await prisma.savedSearch.findMany({
    where: { lastDigestAt: { lt: dayStart(day) } },
    orderBy: { id: 'asc' },
    select: { id: true, name: true, query: true, lastDigestAt: true, user: { select: { email: true, name: true, locale: true, emailVerifiedAt: true } } },
  })
  if (!due.length) return 0
  const until = await indexedUpTo(now)
  const appUrl = getEnv().appUrl
  let mailed = 0
  for (const search of due) {
    if (until <= search.lastDigestAt) continue
    const state = parseSearchParams(new URLSearchParams(search.query)).state
    const found = await newListingsMatching(state, { since: search.lastDigestAt, until, limit: DIGEST_LISTINGS })
    const lng: Language = isLanguage(search.user.locale) ? search.user.locale : DEFAULT_LANGUAGE
    const queued = await prisma.$transaction(async (tx) => {
      const { count } = await tx.savedSearch.updateMany({ where: { id: search.id, lastDigestAt: search.lastDigestAt }, data: { lastDigestAt: until } })
      // Another run handled it a moment ago (or the owner deleted it).
      if (!count || !found.total || !search.user.emailVerifiedAt) return false
      await queueEmail(
        tx,
        search.user.email,
        {
          name: 'saved-search-digest',
          recipientName: search.user.name,
          searchName: search.name,
          listings: found.items.map((item) => ({ type: item.type, title: item.title, url: `${appUrl}/${item.type === 'need' ? 'needs' : 'offers'}/${item.key}` })),
          more: found.total - found.items.length,
          url: `${appUrl}/searches/${search.id}`,
          manageUrl: `${appUrl}/searches`,
        },
        lng,
        { idempotencyKey: savedSearchDigestKey(search.id, day) },
      )
      return true
    })
    if (queued) mailed++
  }
  if (until < now) log.warn('saved-search emails count listings up to the oldest change the search index has not taken yet', { until: until.toISOString() })
  return mailed
}
