import { expect } from 'vitest'

// Loaders and actions called directly with real Requests, as Remix calls them. With single
// fetch, `data(...)` comes back as a DataWithResponseInit ({ type, data, init }); redirects
// and refusals are Responses, thrown or returned. The one set of these helpers for every
// integration test (over real HTTP, see http.ts instead).

export const BASE = 'http://localhost'

/** Form fields as a browser sends them: repeated names as arrays; a File makes the body multipart. */
export type Form = Record<string, string | string[] | File | undefined>

export type RequestOptions = { cookie?: string; form?: Form; headers?: Record<string, string> }

function headersOf(options: RequestOptions): Headers {
  const headers = new Headers(options.headers)
  if (options.cookie) headers.set('cookie', options.cookie)
  return headers
}

export function get(path: string, options: RequestOptions = {}): Request {
  return new Request(`${BASE}${path}`, { headers: headersOf(options) })
}

/** A form POST: urlencoded, or multipart when a File is in it. */
export function post(path: string, options: RequestOptions = {}): Request {
  const fields = Object.entries(options.form ?? {})
  const multipart = fields.some(([, value]) => value instanceof File)
  const body = multipart ? new FormData() : new URLSearchParams()
  for (const [name, value] of fields) {
    for (const item of value === undefined ? [] : Array.isArray(value) ? value : [value]) {
      if (item instanceof File) (body as FormData).append(name, item)
      else body.append(name, item)
    }
  }
  return new Request(`${BASE}${path}`, { method: 'POST', headers: headersOf(options), body })
}

/** A loader's or action's arguments; `params` are the route's URL parameters. */
export const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

export type Outcome = {
  status: number
  /** what the route returned: data(...)'s data, or a plain object; null for a Response */
  data: unknown
  headers: Headers
  thrown: boolean
  response: Response | null
}

function isDataWithResponseInit(value: unknown): value is { type: 'DataWithResponseInit'; data: unknown; init: ResponseInit | null } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'DataWithResponseInit'
}

function outcomeOf(value: unknown, thrown: boolean): Outcome {
  if (value instanceof Response) return { status: value.status, data: null, headers: value.headers, thrown, response: value }
  if (isDataWithResponseInit(value)) {
    return { status: value.init?.status ?? 200, data: value.data, headers: new Headers(value.init?.headers), thrown, response: null }
  }
  return { status: 200, data: value, headers: new Headers(), thrown, response: null }
}

/** Runs a loader or action; a thrown Response is an outcome, anything else thrown fails the test (a 500). */
export async function run(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    return outcomeOf(await fn(), false)
  } catch (error) {
    if (error instanceof Response) return outcomeOf(error, true)
    throw error
  }
}

/** Conform's reply: field errors keyed by field name, form errors under ''. */
export function errorsOf(outcome: Outcome): Record<string, string[] | null> {
  const data = outcome.data as { result?: { error?: Record<string, string[] | null> } } | null
  return data?.result?.error ?? {}
}

export function locationOf(outcome: Outcome): string | null {
  return outcome.status >= 300 && outcome.status < 400 ? outcome.headers.get('location') : null
}

export function expectRedirect(outcome: Outcome, location: string | RegExp) {
  expect(outcome.status, `expected a redirect to ${location}`).toBe(302)
  if (typeof location === 'string') expect(outcome.headers.get('location')).toBe(location)
  else expect(outcome.headers.get('location')).toMatch(location)
}
