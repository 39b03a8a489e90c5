import { isDatabaseUnavailable, prisma } from '~/modules/db/db.server'
import { outboxLagSeconds } from '~/modules/outbox/outbox.server'
import { isSearchConfigured, searchAdmin, searchHealth } from '~/modules/search/client.server'
import { indexName, INDEX_KINDS } from '~/modules/search/indexes.server'
import { searchParity, type ParityReport } from '~/modules/search/parity.server'
import { searchReadiness } from '~/modules/search/readiness.server'
import { countIndexable } from '~/modules/search/sync.server'
import { serviceStatuses } from '~/modules/runtime/supervisor.server'

// Liveness and readiness for load balancers and the browser suite: "ok" (200) when the
// database answers, the outbox keeps up and search (when configured) answers from an index
// in step with the database; "degraded" (503) otherwise, with each dependency's state.
// Meilisearch being unreachable degrades search pages, not the app: reported, not a 503.
// `services` says whether the embedded servers run, are being restarted, and how often they were.
// A process whose index is still being built or catching up is not ready: 503 with
// "indexing N of M", so a load balancer (or Playwright's webServer) waits for it. The database
// unreachable: 503 with "database unreachable".
const MAX_OUTBOX_LAG_SECONDS = 300
// Parity samples the tables and the index (tens of ms at 100k listings): computed at most
// this often per instance, so frequent health checks stay cheap.
const PARITY_TTL_MS = 30_000
const globalForParity = globalThis as unknown as { __parity?: { report: ParityReport; at: number } }

async function cachedParity(): Promise<ParityReport> {
  const cached = globalForParity.__parity
  if (cached && Date.now() - cached.at < PARITY_TTL_MS) return cached.report
  const report = await searchParity()
  globalForParity.__parity = { report, at: Date.now() }
  return report
}

export type HealthReport = { status: 'ok' | 'degraded'; message?: string; checks: Record<string, unknown> }

/** Documents in the live indexes against listings the database would index. */
async function indexProgress(): Promise<{ indexed: number; total: number }> {
  const [counts, stats] = await Promise.all([
    countIndexable(),
    Promise.all(INDEX_KINDS.map((kind) => searchAdmin().index(indexName(kind)).getStats().catch(() => ({ numberOfDocuments: 0 })))),
  ])
  return { indexed: stats.reduce((sum, s) => sum + s.numberOfDocuments, 0), total: counts.needs + counts.offers }
}

async function searchCheck(): Promise<{ ready: boolean; check: Record<string, unknown> }> {
  const health = await searchHealth()
  if (!health.ok) return { ready: true, check: health }
  const readiness = await searchReadiness()
  if (readiness.phase !== 'ready') {
    const progress = readiness.phase === 'indexing' ? { indexed: readiness.indexed, total: readiness.total } : await indexProgress()
    return { ready: false, check: { ...health, ready: false, phase: readiness.phase, ...progress } }
  }
  const [pendingSync, parity] = await Promise.all([
    prisma.outboxEntry.count({ where: { kind: 'search_index', status: 'pending' } }),
    cachedParity().catch((error: Error) => ({ ok: false, error: error.message })),
  ])
  return { ready: true, check: { ...health, ready: true, phase: readiness.phase, pendingSync, parity } }
}

export async function healthReport(): Promise<HealthReport> {
  const started = Date.now()
  const checks: Record<string, unknown> = {}
  let healthy = true
  let message: string | undefined
  let databaseAnswers = false
  try {
    await prisma.$queryRaw`SELECT 1`
    databaseAnswers = true
    checks.database = { ok: true, latencyMs: Date.now() - started }
    const outbox = await outboxLagSeconds()
    const ok = outbox.lagSeconds < MAX_OUTBOX_LAG_SECONDS
    checks.outbox = { ok, ...outbox, lagSeconds: Math.round(outbox.lagSeconds * 10) / 10 }
    healthy &&= ok
  } catch (error) {
    healthy = false
    const unreachable = isDatabaseUnavailable(error)
    if (unreachable) message = 'database unreachable'
    checks.database = { ok: false, unreachable, error: error instanceof Error ? error.message : String(error) }
  }
  // Index readiness and parity read the database too: with it down, only Meilisearch's own health.
  if (isSearchConfigured() && databaseAnswers) {
    // The database may go away between the two checks; the report must still come back.
    const search = await searchCheck().catch((error: unknown): Awaited<ReturnType<typeof searchCheck>> => ({
      ready: true,
      check: { ok: false, status: 'unknown', error: error instanceof Error ? error.message : String(error) },
    }))
    checks.search = search.check
    if (!search.ready) {
      healthy = false
      message = `indexing ${String(search.check.indexed)} of ${String(search.check.total)}`
    }
  } else {
    checks.search = await searchHealth()
  }
  // Each server's mode (embedded, shared with the process that owns it, external), state
  // and restarts: a restart shows here even when everything answers again.
  checks.services = serviceStatuses()
  return { status: healthy ? 'ok' : 'degraded', ...(message ? { message } : {}), checks }
}
