import { prisma } from '~/modules/db/db.server'
import { outboxLagSeconds } from '~/modules/outbox/outbox.server'
import { searchHealth } from '~/modules/search/client.server'
import { searchParity, type ParityReport } from '~/modules/search/parity.server'

// Liveness and readiness for load balancers: 200 when the database answers and the outbox
// is keeping up, 503 otherwise, with each dependency's state as JSON. Search being down
// degrades search pages, not the app: it is reported but does not make this a 503.
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

export async function loader() {
  const started = Date.now()
  const checks: Record<string, unknown> = {}
  let healthy = true
  try {
    await prisma.$queryRaw`SELECT 1`
    checks.database = { ok: true, latencyMs: Date.now() - started }
    const outbox = await outboxLagSeconds()
    const ok = outbox.lagSeconds < MAX_OUTBOX_LAG_SECONDS
    checks.outbox = { ok, ...outbox, lagSeconds: Math.round(outbox.lagSeconds * 10) / 10 }
    healthy &&= ok
  } catch (error) {
    healthy = false
    checks.database = { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
  const search = await searchHealth()
  checks.search = search.ok ? { ...search, parity: await cachedParity().catch((error: Error) => ({ ok: false, error: error.message })) } : search
  return Response.json(
    { status: healthy ? 'ok' : 'degraded', checks },
    { status: healthy ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
