import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'

// A local stand-in for the parts of Stripe's API the app uses (stripe-mock cannot run here):
// the official SDK talks to it over HTTP (STRIPE_API_BASE). It answers the way Stripe does —
// form-encoded requests, JSON objects with Stripe's fields, errors in Stripe's shape, 401 for
// a wrong key, and idempotency keys honoured (the same key replays the first answer; the same
// key with other parameters is an idempotency_error) — and records every request with its
// decoded body and Idempotency-Key for the tests to read. Tests move a session along as the
// payer would (completeSession, expireSession) and sign webhook events (signedWebhook).
//
// Endpoints: POST /v1/checkout/sessions, GET /v1/checkout/sessions/:id, POST /v1/refunds,
// POST /v1/accounts, GET /v1/accounts/:id, POST /v1/account_links.

export type RecordedRequest = {
  method: string
  path: string
  /** the form body decoded into nested objects and arrays (values stay strings, as sent) */
  body: Record<string, unknown>
  idempotencyKey: string | null
  /** answered from the idempotency cache: Stripe did nothing new */
  replayed: boolean
}

type Json = Record<string, unknown>

export type StripeStandIn = {
  url: string
  secretKey: string
  requests: RecordedRequest[]
  sessions: Map<string, Json>
  accounts: Map<string, Json>
  refunds: Map<string, Json>
  /** A session as Stripe shows it (GET /v1/checkout/sessions/:id). */
  sessionOf(id: string): Json
  /** The payer pays: the session completes, paid, with a new PaymentIntent. */
  completeSession(id: string, options?: { paymentStatus?: 'paid' | 'unpaid' }): Json
  /** The session lapses unpaid. */
  expireSession(id: string): Json
  /** Stripe's verdict on a connected account after onboarding. */
  setPayoutsEnabled(accountId: string, enabled: boolean): Json
  /** The charge behind a PaymentIntent, as a charge.refunded event carries it. */
  chargeOf(paymentIntentId: string): Json
  /** The next `count` API calls answer 500 (an outage). */
  failNext(count: number): void
  /** POST requests to `path` (e.g. "/v1/checkout/sessions"). */
  posts(path: string): RecordedRequest[]
  close(): Promise<void>
}

const now = () => Math.floor(Date.now() / 1000)
const newId = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`

/** `a[b][0][c]=x` → { a: { b: [{ c: 'x' }] } }, as Stripe reads its form bodies. */
export function decodeStripeForm(raw: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.replace(/\]/g, '').split('[')
    let node: Record<string, unknown> | unknown[] = root
    path.forEach((segment, i) => {
      const last = i === path.length - 1
      const container = node as Record<string, unknown>
      if (last) {
        container[segment] = value
        return
      }
      if (container[segment] === undefined) container[segment] = /^\d+$/.test(path[i + 1]!) ? [] : {}
      node = container[segment] as Record<string, unknown>
    })
  }
  return root
}

function stripeError(res: ServerResponse, status: number, type: string, message: string, extra: Json = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req') })
  res.end(JSON.stringify({ error: { type, message, ...extra } }))
}

class StripeInputError extends Error {
  constructor(
    message: string,
    readonly param?: string,
    readonly code = 'parameter_invalid',
  ) {
    super(message)
  }
}

const integer = (value: unknown, param: string) => {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new StripeInputError(`Invalid integer: ${String(value)}`, param, 'parameter_invalid_integer')
  return Number(value)
}

export async function startStripeStandIn({ secretKey = 'sk_test_standin', port: listenOn = 0 }: { secretKey?: string; port?: number } = {}): Promise<StripeStandIn> {
  const requests: RecordedRequest[] = []
  const sessions = new Map<string, Json>()
  const accounts = new Map<string, Json>()
  const refunds = new Map<string, Json>()
  const intents = new Map<string, Json>()
  const idempotent = new Map<string, { raw: string; path: string; status: number; body: string }>()
  let failures = 0

  function createSession(body: Json): Json {
    if (body.mode !== 'payment') throw new StripeInputError('Only mode=payment is supported here', 'mode')
    if ('payment_method_types' in body) throw new StripeInputError('payment_method_types is not accepted by this API version', 'payment_method_types')
    const items = body.line_items as Json[] | undefined
    if (!items?.length) throw new StripeInputError('Missing required param: line_items.', 'line_items', 'parameter_missing')
    let amount = 0
    let currency: string | null = null
    items.forEach((item, i) => {
      const price = item.price_data as Json | undefined
      if (!price) throw new StripeInputError('Missing price_data', `line_items[${i}][price_data]`, 'parameter_missing')
      if (typeof price.currency !== 'string' || price.currency !== price.currency.toLowerCase()) throw new StripeInputError('Invalid currency', `line_items[${i}][price_data][currency]`)
      currency = price.currency
      amount += integer(price.unit_amount, `line_items[${i}][price_data][unit_amount]`) * integer(item.quantity ?? '1', `line_items[${i}][quantity]`)
    })
    const created = now()
    const expiresAt = body.expires_at === undefined ? created + 24 * 3600 : integer(body.expires_at, 'expires_at')
    if (expiresAt < created + 30 * 60 - 5 || expiresAt > created + 24 * 3600) {
      throw new StripeInputError('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', 'expires_at')
    }
    const intentData = (body.payment_intent_data ?? {}) as Json
    if (intentData.transfer_data && intentData.application_fee_amount === undefined) {
      // Allowed by Stripe, but this app always sets a fee with a destination: a missing fee is a bug.
      throw new StripeInputError('application_fee_amount expected with transfer_data in this stand-in', 'payment_intent_data[application_fee_amount]')
    }
    if (intentData.application_fee_amount !== undefined && integer(intentData.application_fee_amount, 'payment_intent_data[application_fee_amount]') > amount) {
      throw new StripeInputError('application_fee_amount cannot exceed the amount', 'payment_intent_data[application_fee_amount]')
    }
    const id = newId('cs')
    const session: Json = {
      id,
      object: 'checkout.session',
      amount_subtotal: amount,
      amount_total: amount,
      cancel_url: body.cancel_url ?? null,
      client_reference_id: body.client_reference_id ?? null,
      created,
      currency,
      customer: null,
      customer_email: body.customer_email ?? null,
      expires_at: expiresAt,
      livemode: false,
      locale: body.locale ?? null,
      metadata: body.metadata ?? {},
      mode: 'payment',
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: body.success_url ?? null,
      url: `https://checkout.stripe.com/c/pay/${id}#standin`,
      // kept for completeSession (not a field of Stripe's session)
      _payment_intent_data: intentData,
    }
    sessions.set(id, session)
    return session
  }

  function createRefund(body: Json): Json {
    const intentId = body.payment_intent
    if (typeof intentId !== 'string') throw new StripeInputError('Missing required param: payment_intent.', 'payment_intent', 'parameter_missing')
    const intent = intents.get(intentId)
    if (!intent) throw new StripeInputError(`No such payment_intent: '${intentId}'`, 'payment_intent', 'resource_missing')
    if (intent.refunded) throw new StripeInputError(`Charge for ${intentId} has already been refunded.`, undefined, 'charge_already_refunded')
    const destination = ((intent.transfer_data ?? null) as Json | null)?.destination
    if (destination && body.reverse_transfer !== 'true') {
      // Stripe would refund the payer from the platform's balance and leave the expert paid.
      throw new StripeInputError('stand-in: a destination charge must be refunded with reverse_transfer', 'reverse_transfer')
    }
    intent.refunded = true
    const refund: Json = {
      id: newId('re'),
      object: 'refund',
      amount: intent.amount,
      currency: intent.currency,
      charge: intent.latest_charge,
      payment_intent: intentId,
      metadata: body.metadata ?? {},
      reason: body.reason ?? null,
      status: 'succeeded',
      created: now(),
      transfer_reversal: body.reverse_transfer === 'true' ? newId('trr') : null,
      source_transfer_reversal: null,
    }
    refunds.set(refund.id as string, refund)
    return refund
  }

  function createAccount(body: Json): Json {
    if (body.type !== 'express' && !body.controller) throw new StripeInputError('Missing type or controller', 'type', 'parameter_missing')
    if (typeof body.country !== 'string' || !/^[A-Z]{2}$/.test(body.country)) throw new StripeInputError('Invalid country', 'country')
    const id = `acct_${randomBytes(8).toString('hex')}`
    const account: Json = {
      id,
      object: 'account',
      type: body.type ?? 'express',
      country: body.country,
      email: body.email ?? null,
      business_type: body.business_type ?? null,
      capabilities: { transfers: 'inactive' },
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      metadata: body.metadata ?? {},
      created: now(),
    }
    accounts.set(id, account)
    return account
  }

  function createAccountLink(body: Json): Json {
    const account = body.account
    if (typeof account !== 'string' || !accounts.has(account)) throw new StripeInputError(`No such account: '${String(account)}'`, 'account', 'resource_missing')
    if (body.type !== 'account_onboarding' && body.type !== 'account_update') throw new StripeInputError('Invalid type', 'type')
    for (const param of ['refresh_url', 'return_url']) if (typeof body[param] !== 'string') throw new StripeInputError(`Missing required param: ${param}.`, param, 'parameter_missing')
    const created = now()
    return { object: 'account_link', created, expires_at: created + 300, url: `https://connect.stripe.com/setup/e/${account}/${randomBytes(8).toString('hex')}` }
  }

  const visible = (object: Json) => Object.fromEntries(Object.entries(object).filter(([key]) => !key.startsWith('_')))

  function route(method: string, path: string, body: Json): Json | null {
    if (method === 'POST' && path === '/v1/checkout/sessions') return createSession(body)
    if (method === 'POST' && path === '/v1/refunds') return createRefund(body)
    if (method === 'POST' && path === '/v1/accounts') return createAccount(body)
    if (method === 'POST' && path === '/v1/account_links') return createAccountLink(body)
    const session = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path)
    if (method === 'GET' && session) {
      const found = sessions.get(decodeURIComponent(session[1]!))
      if (!found) throw new StripeInputError(`No such checkout.session: '${session[1]}'`, 'id', 'resource_missing')
      return found
    }
    const account = /^\/v1\/accounts\/([^/]+)$/.exec(path)
    if (method === 'GET' && account) {
      const found = accounts.get(decodeURIComponent(account[1]!))
      if (!found) throw new StripeInputError(`No such account: '${account[1]}'`, 'account', 'resource_missing')
      return found
    }
    return null
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? null
    const body = method === 'POST' ? decodeStripeForm(raw) : Object.fromEntries(url.searchParams)
    const record: RecordedRequest = { method, path: url.pathname, body, idempotencyKey, replayed: false }
    requests.push(record)
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return stripeError(res, 401, 'invalid_request_error', 'Invalid API Key provided.')
    }
    if (failures > 0) {
      failures -= 1
      return stripeError(res, 500, 'api_error', 'Stand-in outage.')
    }
    if (method === 'POST' && idempotencyKey) {
      const previous = idempotent.get(idempotencyKey)
      if (previous) {
        if (previous.raw !== raw || previous.path !== url.pathname) {
          return stripeError(res, 400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`)
        }
        record.replayed = true
        res.writeHead(previous.status, { 'content-type': 'application/json', 'idempotent-replayed': 'true', 'request-id': newId('req') })
        return res.end(previous.body)
      }
    }
    let status = 200
    let answer: string
    try {
      const object = route(method, url.pathname, body)
      if (!object) return stripeError(res, 404, 'invalid_request_error', `Unrecognized request URL (${method}: ${url.pathname}).`)
      answer = JSON.stringify(visible(object))
    } catch (error) {
      if (!(error instanceof StripeInputError)) throw error
      status = error.code === 'resource_missing' ? 404 : 400
      answer = JSON.stringify({ error: { type: 'invalid_request_error', message: error.message, param: error.param, code: error.code } })
    }
    if (method === 'POST' && idempotencyKey) idempotent.set(idempotencyKey, { raw, path: url.pathname, status, body: answer })
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req'), 'stripe-version': req.headers['stripe-version'] ?? '' })
    res.end(answer)
  }

  const server = createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (raw += chunk))
    req.on('end', () => {
      try {
        handle(req, res, raw)
      } catch (error) {
        stripeError(res, 500, 'api_error', error instanceof Error ? error.message : String(error))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(listenOn, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  const requireSession = (id: string) => {
    const session = sessions.get(id)
    if (!session) throw new Error(`stand-in: no session ${id}`)
    return session
  }

  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    requests,
    sessions,
    accounts,
    refunds,
    sessionOf: (id) => visible(requireSession(id)),
    completeSession(id, { paymentStatus = 'paid' } = {}) {
      const session = requireSession(id)
      const intentData = session._payment_intent_data as Json
      const intentId = (session.payment_intent as string | null) ?? newId('pi')
      intents.set(intentId, {
        id: intentId,
        amount: session.amount_total,
        currency: session.currency,
        application_fee_amount: intentData.application_fee_amount === undefined ? null : Number(intentData.application_fee_amount),
        transfer_data: intentData.transfer_data ?? null,
        metadata: intentData.metadata ?? {},
        latest_charge: newId('ch'),
        refunded: false,
      })
      Object.assign(session, { status: 'complete', payment_status: paymentStatus, payment_intent: intentId })
      return visible(session)
    },
    expireSession(id) {
      const session = requireSession(id)
      Object.assign(session, { status: 'expired' })
      return visible(session)
    },
    setPayoutsEnabled(accountId, enabled) {
      const account = accounts.get(accountId)
      if (!account) throw new Error(`stand-in: no account ${accountId}`)
      Object.assign(account, { payouts_enabled: enabled, details_submitted: enabled, capabilities: { transfers: enabled ? 'active' : 'inactive' } })
      return account
    },
    chargeOf(paymentIntentId) {
      const intent = intents.get(paymentIntentId)
      if (!intent) throw new Error(`stand-in: no payment intent ${paymentIntentId}`)
      const refunded = [...refunds.values()].filter((r) => r.payment_intent === paymentIntentId)
      const amountRefunded = refunded.reduce((sum, r) => sum + Number(r.amount), 0)
      return {
        id: intent.latest_charge,
        object: 'charge',
        amount: intent.amount,
        amount_captured: intent.amount,
        amount_refunded: amountRefunded,
        currency: intent.currency,
        paid: true,
        captured: true,
        refunded: amountRefunded >= Number(intent.amount),
        payment_intent: paymentIntentId,
        metadata: intent.metadata,
        application_fee_amount: intent.application_fee_amount,
        transfer_data: intent.transfer_data,
        refunds: { object: 'list', data: refunded, has_more: false, url: `/v1/charges/${String(intent.latest_charge)}/refunds` },
        created: now(),
      }
    },
    failNext(count) {
      failures = count
    },
    posts(path) {
      return requests.filter((r) => r.method === 'POST' && r.path === path)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

// ───────────────────────────── webhooks ─────────────────────────────

let eventCounter = 0

/** A Stripe event around `object`, as Stripe would send it. */
export function stripeEvent(type: string, object: Json, options: { id?: string; created?: number } = {}): Json {
  eventCounter += 1
  return {
    id: options.id ?? `evt_test_${randomBytes(8).toString('hex')}${eventCounter}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: options.created ?? now(),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  }
}

/** The body and headers of a webhook delivery, signed with `secret` the way Stripe signs (Stripe-Signature: t=…,v1=…). */
export function signedWebhook(event: Json, secret: string, options: { timestamp?: number } = {}): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(event)
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, ...(options.timestamp ? { timestamp: options.timestamp } : {}) })
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } }
}
