import { prisma } from '~/modules/db/db.server'
import { outboxLagSeconds } from '~/modules/outbox/outbox.server'

// Liveness and readiness for load balancers: 200 when the database answers and the outbox
// is keeping up, 503 otherwise. The search engine joins this report with the search module.
const MAX_OUTBOX_LAG_SECONDS = 300

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
  checks.search = { ok: true, status: 'not-configured' }
  return Response.json(
    { status: healthy ? 'ok' : 'degraded', checks },
    { status: healthy ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
