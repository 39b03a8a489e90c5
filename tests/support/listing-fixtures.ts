import { expect } from 'vitest'
import type { MemberRole } from '~/generated/prisma/client'
import { prisma } from '~/modules/db/db.server'
import { importDocument } from '~/modules/import/import.server'
import type { ImportDocumentInput } from '~/modules/import/format'
import { cookieFor, makeUser } from '../factories/users'
import type { Outcome } from './routes'

export { cookieFor, makeUser }

// Fixtures of the listing tests: organisations, members and experts in the test file's
// database. Loaders and actions are called with the helpers of routes.ts.

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

export function redirectKey(outcome: Outcome, type: 'needs' | 'offers', suffix = ''): string {
  const location = outcome.headers.get('location') ?? ''
  const match = new RegExp(`^/${type}/([a-z0-9-]+)${suffix}$`).exec(location)
  expect(match, `redirect to /${type}/{key}${suffix}, got ${location} (${outcome.status}: ${JSON.stringify(outcome.data)})`).not.toBeNull()
  return match![1]!
}

/** Dates well in the future, so nothing expires during a test. */
export const FUTURE = { startDate: '2030-03-01', endDate: '2030-06-30' }
