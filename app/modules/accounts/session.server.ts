import { randomBytes } from 'node:crypto'
import { createCookie, redirect } from '@remix-run/node'
import { prisma } from '~/modules/db/db.server'
import { clientAddress } from '~/modules/runtime/request-context.server'
import { getEnv } from '~/modules/runtime/env.server'

// Sessions live in the database; the cookie holds only a random session id.
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000

export const sessionCookie = createCookie('cn_session', {
  path: '/',
  httpOnly: true,
  sameSite: 'lax',
  secure: getEnv().NODE_ENV === 'production',
  maxAge: SESSION_TTL_MS / 1000,
})

export async function createSession(userId: string, request: Request): Promise<string> {
  const id = randomBytes(32).toString('base64url')
  await prisma.session.create({
    data: {
      id,
      userId,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      userAgent: request.headers.get('user-agent')?.slice(0, 300) ?? null,
      ip: clientAddress(),
    },
  })
  return sessionCookie.serialize(id)
}

export async function getSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get('cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

export async function getSessionUserId(request: Request): Promise<string | null> {
  const id = await getSessionId(request)
  if (!id) return null
  const session = await prisma.session.findUnique({ where: { id }, select: { userId: true, expiresAt: true } })
  if (!session || session.expiresAt < new Date()) return null
  return session.userId
}

export async function destroySession(request: Request) {
  const id = await getSessionId(request)
  if (id) await prisma.session.deleteMany({ where: { id } })
  return redirect('/', { headers: { 'Set-Cookie': await sessionCookie.serialize('', { maxAge: 0 }) } })
}
