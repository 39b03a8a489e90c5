import { createHash } from 'node:crypto'
import { consumeLeased } from '~/modules/accounts/rate-limit.server'
import { getLanguage, getTFor } from '~/modules/i18n/i18n.server'
import { getEnv } from '~/modules/runtime/env.server'
import { clientAddress } from '~/modules/runtime/request-context.server'
import { isSearchUnavailable } from '~/modules/search/client.server'
import { matchesForNeed, matchesForOffer, NotMatchable } from './matching.server'

// The public match API (spec: import-format.md, "Match API"):
//   GET /api/v1/needs/{key}/matches?limit=10  → { need, matches: [{ offer, score, reasons }] }
//   GET /api/v1/offers/{key}/matches?limit=10 → { offer, needs: [{ need, score, reasons }] }
// 404 (JSON) for an unknown or closed key, 400 for a bad limit (1–50), 429 with Retry-After
// beyond API_RATE_LIMIT_PER_MINUTE per client address, 503 while search is unreachable.
// Reasons come in the request's language (lng cookie, then Accept-Language). Failures outside
// this file (the database down, a bug) come back as JSON too: `apiFailure`, which the HTTP
// app calls for every /api/ route (composition/http-app.server.ts). A 200 carries an ETag, so
// a client asking again gets 304 without the body while the answer is the same.

export const DEFAULT_LIMIT = 10
export const MAX_LIMIT = 50
const WINDOW_SECONDS = 60

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } })
}

export type ApiFailure = 'database_unavailable' | 'internal_error'

/** The JSON body of a failure no handler here caught, in the API's `{ error, message }` shape. */
export async function apiFailure(request: Request, failure: ApiFailure, headers: Record<string, string> = {}): Promise<Response> {
  const t = await getTFor(await getLanguage(request))
  return failure === 'database_unavailable'
    ? json({ error: failure, message: t('matching.api.databaseUnavailable') }, 503, headers)
    : json({ error: failure, message: t('matching.api.internalError') }, 500, headers)
}

/** The `limit` query parameter: absent → 10; otherwise a whole number 1–50, or null when it is not. */
export function parseLimit(url: URL): number | null {
  const raw = url.searchParams.get('limit')
  if (raw === null) return DEFAULT_LIMIT
  if (!/^\d{1,3}$/.test(raw.trim())) return null
  const limit = Number(raw.trim())
  return limit >= 1 && limit <= MAX_LIMIT ? limit : null
}

const round = (score: number) => Math.round(score * 1000) / 1000

/**
 * A 200 answer with an ETag (a hash of the body), or 304 without the body when the client
 * holds that answer already (If-None-Match). Clients must revalidate (no-cache): an answer
 * changes as soon as a listing does.
 */
function revalidated(request: Request, body: string, headers: Record<string, string>): Response {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  const cache = { ...headers, ETag: etag, 'Cache-Control': 'no-cache' }
  const held = request.headers.get('If-None-Match')?.split(',').map((tag) => tag.trim().replace(/^W\//, ''))
  if (held?.includes(etag) || held?.includes('*')) return new Response(null, { status: 304, headers: cache })
  return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8', ...cache } })
}

export async function matchApi(request: Request, key: string | undefined, direction: 'need' | 'offer'): Promise<Response> {
  const lng = await getLanguage(request)
  const t = await getTFor(lng)
  const limited = await consumeLeased({ name: 'api', points: getEnv().API_RATE_LIMIT_PER_MINUTE, windowSeconds: WINDOW_SECONDS }, clientAddress())
  if (!limited.allowed) {
    return json({ error: 'rate_limited', message: t('matching.api.rateLimited', { seconds: limited.retryAfterSeconds }) }, 429, {
      'Retry-After': String(limited.retryAfterSeconds),
    })
  }
  const limit = parseLimit(new URL(request.url))
  if (limit === null) return json({ error: 'bad_limit', message: t('matching.api.badLimit') }, 400)

  const headers = { 'Content-Language': lng, Vary: 'Accept-Language, Cookie' }
  try {
    const body =
      direction === 'need'
        ? await matchesForNeed(key ?? '', { limit, lng }).then((result) => ({
            need: result.need.key,
            matches: result.matches.map((m) => ({ offer: m.listing.key, score: round(m.score), reasons: m.reasons })),
          }))
        : await matchesForOffer(key ?? '', { limit, lng }).then((result) => ({
            offer: result.offer.key,
            needs: result.matches.map((m) => ({ need: m.listing.key, score: round(m.score), reasons: m.reasons })),
          }))
    return revalidated(request, JSON.stringify(body), headers)
  } catch (error) {
    if (error instanceof NotMatchable) {
      return json({ error: 'not_found', message: t(direction === 'need' ? 'matching.api.needNotFound' : 'matching.api.offerNotFound') }, 404)
    }
    // Meilisearch down, unreachable or still indexing: say so, never a 500 (the listing itself is fine).
    if (isSearchUnavailable(error)) {
      return json({ error: 'search_unavailable', message: t('matching.api.searchUnavailable') }, 503, { 'Retry-After': '30' })
    }
    throw error
  }
}
