import type { LoaderFunctionArgs } from '@remix-run/node'
import { matchApi } from '~/modules/matching/api.server'

// GET /api/v1/offers/{key}/matches?limit=10 — public, rate limited (app/modules/matching/api.server.ts).
export async function loader({ request, params }: LoaderFunctionArgs) {
  return matchApi(request, params.key, 'offer')
}
