import type { ActionFunctionArgs } from '@remix-run/node'
import { handleStripeWebhook } from '~/modules/payments/stripe-webhook.server'

// POST /api/webhooks/stripe — Stripe's signed event reports (app/modules/payments/stripe-webhook.server.ts).
// The HTTP edge's cross-site check lets it through: Stripe sends neither Origin nor Sec-Fetch-Site.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return Response.json({ error: 'method_not_allowed' }, { status: 405, headers: { Allow: 'POST' } })
  return handleStripeWebhook(request)
}

export function loader() {
  return Response.json({ error: 'method_not_allowed' }, { status: 405, headers: { Allow: 'POST' } })
}
