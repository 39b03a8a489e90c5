import { prisma } from '~/modules/db/db.server'
import { outboxLagSeconds } from '~/modules/outbox/outbox.server'
import { searchHealth } from '~/modules/search/client.server'

// Liveness and readiness for load balancers: 200 when the database answers and the outbox
// is keeping up, 503 otherwise, with each dependency's state as JSON.
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
  // Search being down degrades search pages, not the app: reported, but not a 503.
  checks.search = await searchHealth()
  return Response.json(
    { status: healthy ? 'ok' : 'degraded', checks },
    { status: healthy ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
