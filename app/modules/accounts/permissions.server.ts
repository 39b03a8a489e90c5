import { redirect } from '@remix-run/node'
import type { MemberRole, OrgKind, PlatformRole } from '~/generated/prisma/client'
import { prisma } from '~/modules/db/db.server'
import { isMailboxMode } from '~/modules/email/mailer.server'
import { isLocalRequest } from '~/modules/runtime/request-context.server'
import { getSessionUserId } from './session.server'

// The one permission helper. Every loader and action that needs a signed-in user calls
// `requirePermission` with what it is about to do; refusals are 404 for things the user
// must not even know exist (another organisation's data), 403 otherwise.

export async function loadUser(userId: string) {
  return prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      locale: true,
      platformRole: true,
      emailVerifiedAt: true,
      memberships: {
        select: { role: true, org: { select: { id: true, key: true, kind: true, name: true, nameVi: true, verification: true } } },
      },
      expertProfile: { select: { id: true, key: true, name: true, verification: true } },
    },
  })
}

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof loadUser>>>

export type Permission =
  | { signedIn: true }
  | { platform: PlatformRole | PlatformRole[] }
  | { org: string; role?: MemberRole; kind?: OrgKind }
  | { expert: string }

export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const userId = await getSessionUserId(request)
  if (!userId) return null
  const user = await loadUser(userId)
  return user?.emailVerifiedAt ? user : null
}

/** true when `user` may act under `permission` (no I/O). */
export function allows(user: CurrentUser, permission: Permission): boolean {
  if ('signedIn' in permission) return true
  if ('platform' in permission) {
    const roles = Array.isArray(permission.platform) ? permission.platform : [permission.platform]
    return roles.includes(user.platformRole)
  }
  if ('org' in permission) {
    const membership = user.memberships.find((m) => m.org.id === permission.org)
    if (!membership) return false
    if (permission.kind && membership.org.kind !== permission.kind) return false
    return !permission.role || membership.role === permission.role || membership.role === 'owner'
  }
  return user.expertProfile?.id === permission.expert
}

export async function requirePermission(request: Request, permission: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser(request)
  if (!user) {
    const url = new URL(request.url)
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  if (!allows(user, permission)) {
    // Hide the existence of other organisations' and profiles' resources; a member lacking
    // the role (or kind) knows their own organisation exists, so that is a plain 403.
    const hidden = ('org' in permission && !user.memberships.some((m) => m.org.id === permission.org)) || 'expert' in permission
    throw new Response(hidden ? 'Not Found' : 'Forbidden', { status: hidden ? 404 : 403 })
  }
  return user
}

export async function requireAnonymous(request: Request) {
  if (await getCurrentUser(request)) throw redirect('/dashboard')
}

/**
 * The development mailbox holds every email while no mail provider is configured, password
 * resets included: it opens only to this machine itself (a loopback socket, no proxy in
 * between) and to platform admins, never to the public (docs/decisions/009-http-edge.md).
 */
export async function canReadMailbox(request: Request): Promise<boolean> {
  return isMailboxMode() && (await isLocalOrAdmin(request))
}

/** This machine itself (operators, the browser suite) or a signed-in platform admin: who may see internals. */
export async function isLocalOrAdmin(request: Request): Promise<boolean> {
  if (isLocalRequest()) return true
  return (await getCurrentUser(request))?.platformRole === 'admin'
}

export async function requireMailboxReader(request: Request): Promise<void> {
  if (!(await canReadMailbox(request))) throw new Response('Not Found', { status: 404 })
}
