import type { LoaderFunctionArgs } from '@remix-run/node'
import { isLocalOrAdmin } from '~/modules/accounts/permissions.server'
import { healthReport } from '~/modules/composition/health.server'

// GET /healthz: 200 when ready, 503 when degraded (app/modules/composition/health.server.ts).
// Strangers learn only the status and its reason; this machine and admins get the figures.
export async function loader({ request }: LoaderFunctionArgs) {
  const report = await healthReport()
  // The reason ("database unreachable", "indexing N of M") is no secret; the figures are.
  const body = (await isLocalOrAdmin(request)) ? report : { status: report.status, ...(report.message ? { message: report.message } : {}) }
  return Response.json(body, { status: report.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
}
