import type { PlatformRole } from '~/generated/prisma/client'
import { hashPassword } from '~/modules/accounts/password.server'
import { createSession } from '~/modules/accounts/session.server'
import { prisma } from '~/modules/db/db.server'
import { uniqueKey } from './listings'

// People for tests: a user row (verified unless said otherwise) and a signed-in session.

export type UserOptions = {
  email?: string
  name?: string
  platformRole?: PlatformRole
  locale?: 'vi' | 'en'
  /** false: the email is not verified yet */
  verified?: boolean
  /** a password the user can sign in with (hashed once per password per test file) */
  password?: string
}

const hashes = new Map<string, Promise<string>>()
const hashOf = (password: string) => {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password))
  return hashes.get(password)!
}

export async function makeUser(options: UserOptions = {}) {
  return prisma.user.create({
    data: {
      email: options.email ?? `${uniqueKey('user')}@example.vn`,
      name: options.name ?? 'Người Dùng',
      passwordHash: options.password ? await hashOf(options.password) : 'unused',
      emailVerifiedAt: options.verified === false ? null : new Date(),
      platformRole: options.platformRole ?? 'member',
      locale: options.locale ?? 'vi',
    },
  })
}

/** The Cookie header of a fresh session for the user. */
export async function cookieFor(userId: string): Promise<string> {
  return (await createSession(userId, new Request('http://localhost/login'))).split(';')[0]!
}
