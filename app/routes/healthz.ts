import { healthReport } from '~/modules/runtime/health.server'

// GET /healthz: 200 when ready, 503 when degraded (app/modules/runtime/health.server.ts).
export async function loader() {
  const report = await healthReport()
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
}
