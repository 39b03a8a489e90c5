import { expect } from 'vitest'
import type { MemberRole } from '~/generated/prisma/client'
import { prisma } from '~/modules/db/db.server'
import { importDocument } from '~/modules/import/import.server'
import type { ImportDocumentInput } from '~/modules/import/format'
import { cookieFor, makeUser } from '../factories/users'

export { cookieFor, makeUser }

// Calling the listing routes' loaders and actions with real Requests, as Remix does (see
// routes.test.ts for the conventions): `data(...)` comes back as a DataWithResponseInit,
// redirects and refusals as Responses, thrown or returned.

export const BASE = 'http://localhost'

let counter = 0
export function unique(name: string): string {
  counter += 1
  return `${name}-${counter}-${Date.now().toString(36)}`
}

export async function load(doc: ImportDocumentInput) {
  const result = await importDocument(doc)
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.errors)}`)
}

export async function orgId(key: string) {
  return (await prisma.organization.findUniqueOrThrow({ where: { key } })).id
}

export async function memberOf(orgKey: string, role: MemberRole = 'owner', name?: string) {
  const user = await makeUser({ name })
  await prisma.membership.create({ data: { userId: user.id, orgId: await orgId(orgKey), role } })
  return { user, cookie: await cookieFor(user.id) }
}

export async function expertUser(expertKey: string) {
  const user = await makeUser({ name: 'Expert' })
  await prisma.expertProfile.update({ where: { key: expertKey }, data: { userId: user.id } })
  return { user, cookie: await cookieFor(user.id) }
}

export type Form = Record<string, string | string[] | File | undefined>

export function get(path: string, cookie?: string): Request {
  return new Request(`${BASE}${path}`, { headers: cookie ? { cookie } : {} })
}

/** A form POST: urlencoded, or multipart when a File is in it (as browsers send it). */
export function post(path: string, form: Form = {}, cookie?: string): Request {
  const multipart = Object.values(form).some((value) => value instanceof File)
  const body = multipart ? new FormData() : new URLSearchParams()
  for (const [name, value] of Object.entries(form)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item instanceof File) (body as FormData).append(name, item)
      else body.append(name, item)
    }
  }
  return new Request(`${BASE}${path}`, { method: 'POST', headers: cookie ? { cookie } : {}, body })
}

export type Outcome = { status: number; data: unknown; headers: Headers; thrown: boolean; response: Response | null }

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

export const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

/** Conform's reply: field errors keyed by field name, form errors under ''. */
export function errorsOf(outcome: Outcome): Record<string, string[] | null> {
  const data = outcome.data as { result?: { error?: Record<string, string[] | null> } } | null
  return data?.result?.error ?? {}
}

export function expectRedirect(outcome: Outcome, location: string | RegExp) {
  expect(outcome.status, `expected a redirect to ${location}`).toBe(302)
  if (typeof location === 'string') expect(outcome.headers.get('location')).toBe(location)
  else expect(outcome.headers.get('location')).toMatch(location)
}

export function redirectKey(outcome: Outcome, type: 'needs' | 'offers', suffix = ''): string {
  const location = outcome.headers.get('location') ?? ''
  const match = new RegExp(`^/${type}/([a-z0-9-]+)${suffix}$`).exec(location)
  expect(match, `redirect to /${type}/{key}${suffix}, got ${location} (${outcome.status}: ${JSON.stringify(outcome.data)})`).not.toBeNull()
  return match![1]!
}

/** Dates well in the future, so nothing expires during a test. */
export const FUTURE = { startDate: '2030-03-01', endDate: '2030-06-30' }
