import type { Prisma } from '~/generated/prisma/client'
import { prisma, type Tx } from '~/modules/db/db.server'
import { queueEmail } from '~/modules/email/mailer.server'
import type { EmailTemplate } from '~/modules/email/templates.server'
import { DEFAULT_LANGUAGE, isLanguage, todayInHanoi, type Language } from '~/modules/i18n/i18n'
import { getTFor } from '~/modules/i18n/i18n.server'
import { getEnv } from '~/modules/runtime/env.server'
import { safeRedirect } from '~/utils/redirect'
import { defaultChannel, KIND_LIST, NOTIFICATION_KINDS, paramsOf, type Channel, type NotificationKind, type NotificationParams } from './kinds'

// Notifications: one row per recipient in the app, and per the recipient's preference for the
// kind an email at once (through the outbox, keyed by the notification), a place in the daily
// digest, or nothing at all. Modules call `notify` inside the transaction of the change it
// reports, so a notification exists exactly when its change does; mail waits in the outbox
// and a provider outage only delays it. docs/decisions/017-notifications.md

/** A person being notified, with the language they read in. */
export type Recipient = { id: string; email: string; name: string; locale: Language }

export type NotifyInput = {
  userIds: readonly string[]
  kind: NotificationKind
  /** the text's values; a function when they depend on the reader (an organisation's name in their language) */
  params: NotificationParams | ((recipient: Recipient) => NotificationParams | Promise<NotificationParams>)
  /** a path in the app the notification opens */
  link: string
  /** the person whose action this is: never notified about it */
  actorId?: string | null
  /** the email sent at once on the email channel (default: the kind's title and text) */
  email?: (recipient: Recipient) => EmailTemplate | Promise<EmailTemplate>
}

export type NotifyOutcome = { notified: string[]; emailed: string[]; digested: string[]; skipped: string[] }

const languageOf = (locale: string): Language => (isLanguage(locale) ? locale : DEFAULT_LANGUAGE)

/** Each user's channel for `kind`: their preference, else the kind's default. */
export async function channelsFor(tx: Tx, userIds: readonly string[], kind: NotificationKind): Promise<Map<string, Channel>> {
  const preferences = await tx.notificationPreference.findMany({ where: { userId: { in: [...userIds] }, kind }, select: { userId: true, channel: true } })
  const chosen = new Map(preferences.map((p) => [p.userId, p.channel as Channel]))
  return new Map(userIds.map((id) => [id, chosen.get(id) ?? defaultChannel(kind)]))
}

/** The kind's title and text in `lng`, with its params. */
export async function renderNotification(kind: NotificationKind, params: NotificationParams, lng: Language): Promise<{ title: string; text: string }> {
  const t = await getTFor(lng)
  return { title: t(`notifications.kinds.${kind}.title`), text: t(`notifications.kinds.${kind}.text`, params) }
}

/** A stored link, kept on this site. */
export const safeLink = (link: string) => safeRedirect(link, '/notifications')

/**
 * Notifies each user (once, the actor left out) about `kind`, each by their channel: in the
 * app only, in the app and by email at once, in the app and in tomorrow's digest, or not at all.
 */
export async function notify(tx: Tx, input: NotifyInput): Promise<NotifyOutcome> {
  const outcome: NotifyOutcome = { notified: [], emailed: [], digested: [], skipped: [] }
  const ids = [...new Set(input.userIds)].filter((id) => id !== input.actorId)
  if (!ids.length) return outcome
  const users = await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true, name: true, locale: true } })
  const channels = await channelsFor(tx, ids, input.kind)
  const link = safeLink(input.link)
  for (const user of users) {
    const channel = channels.get(user.id) ?? defaultChannel(input.kind)
    if (channel === 'off') {
      outcome.skipped.push(user.id)
      continue
    }
    const recipient: Recipient = { ...user, locale: languageOf(user.locale) }
    const params = typeof input.params === 'function' ? await input.params(recipient) : input.params
    const notification = await tx.notification.create({
      data: { userId: user.id, kind: input.kind, params: params as Prisma.InputJsonObject, link, digestPending: channel === 'digest' },
      select: { id: true },
    })
    outcome.notified.push(user.id)
    if (channel === 'digest') outcome.digested.push(user.id)
    if (channel !== 'email') continue
    const template = input.email ? await input.email(recipient) : await genericEmail(recipient, input.kind, params, link)
    await queueEmail(tx, user.email, template, recipient.locale, { idempotencyKey: `notification:${notification.id}` })
    outcome.emailed.push(user.id)
  }
  return outcome
}

async function genericEmail(recipient: Recipient, kind: NotificationKind, params: NotificationParams, link: string): Promise<EmailTemplate> {
  const { title, text } = await renderNotification(kind, params, recipient.locale)
  const appUrl = getEnv().appUrl
  return { name: 'notification', recipientName: recipient.name, title, text, url: `${appUrl}${link}`, preferencesUrl: `${appUrl}/settings/notifications` }
}

// ───────────────────────────── the reader's side ─────────────────────────────

export const PAGE_SIZE = 50

export type NotificationView = { id: string; kind: NotificationKind; title: string; text: string; link: string; read: boolean; createdAt: string }

/** The user's notifications, newest first, in `lng`. */
export async function listNotifications(userId: string, lng: Language, take = PAGE_SIZE): Promise<NotificationView[]> {
  const rows = await prisma.notification.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take })
  const out: NotificationView[] = []
  for (const row of rows) {
    // A kind retired from the code stays readable as its link.
    if (!Object.hasOwn(NOTIFICATION_KINDS, row.kind)) continue
    const kind = row.kind as NotificationKind
    out.push({ id: row.id, kind, ...(await renderNotification(kind, paramsOf(row.params), lng)), link: safeLink(row.link), read: row.readAt !== null, createdAt: row.createdAt.toISOString() })
  }
  return out
}

/** The navigation's count: one indexed count. */
export function unreadCount(userId: string): Promise<number> {
  return prisma.notification.count({ where: { userId, readAt: null } })
}

/** Marks one of the user's notifications read; null when it is not theirs (or does not exist). */
export async function markRead(userId: string, id: string, now = new Date()): Promise<{ link: string } | null> {
  const row = await prisma.notification.findFirst({ where: { id, userId }, select: { id: true, link: true, readAt: true } })
  if (!row) return null
  if (!row.readAt) await prisma.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: now } })
  return { link: safeLink(row.link) }
}

export async function markAllRead(userId: string, now = new Date()): Promise<number> {
  return (await prisma.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } })).count
}

/** The user's channel for every kind (their choice or the default). */
export async function preferencesOf(userId: string): Promise<Record<NotificationKind, Channel>> {
  const rows = await prisma.notificationPreference.findMany({ where: { userId }, select: { kind: true, channel: true } })
  const chosen = new Map(rows.map((row) => [row.kind, row.channel as Channel]))
  return Object.fromEntries(KIND_LIST.map((kind) => [kind, chosen.get(kind) ?? defaultChannel(kind)])) as Record<NotificationKind, Channel>
}

/** Saves the user's channel for the given kinds. */
export async function savePreferences(userId: string, channels: Partial<Record<NotificationKind, Channel>>): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const [kind, channel] of Object.entries(channels) as [NotificationKind, Channel][]) {
      await tx.notificationPreference.upsert({ where: { userId_kind: { userId, kind } }, create: { userId, kind, channel }, update: { channel } })
    }
  })
}

// ───────────────────────────── the daily digest ─────────────────────────────

export const digestKey = (userId: string, day: string) => `notification-digest:${userId}:${day}`

/**
 * Mails each user with notifications waiting for the digest one email listing them, in their
 * language, and clears them. At most one digest per user per Hà Nội day: a per-user lock, then
 * the day's key in the outbox; two runs at once (two instances, a retried slot) mail once, and
 * the email and the cleared flags commit together. Returns how many users were mailed.
 */
export async function sendNotificationDigests(now = new Date()): Promise<number> {
  const day = todayInHanoi(now)
  const waiting = await prisma.notification.findMany({ where: { digestPending: true, createdAt: { lte: now } }, distinct: ['userId'], select: { userId: true } })
  let mailed = 0
  for (const { userId } of waiting) {
    const sent = await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`notification-digest:${userId}`}))`
      const key = digestKey(userId, day)
      // Today's digest is already out: what came since waits for tomorrow's.
      if (await tx.outboxEntry.findUnique({ where: { idempotencyKey: key }, select: { id: true } })) return false
      const rows = await tx.notification.updateManyAndReturn({
        where: { userId, digestPending: true, createdAt: { lte: now } },
        data: { digestPending: false },
        select: { kind: true, params: true, link: true, createdAt: true },
      })
      const known = rows.filter((row) => Object.hasOwn(NOTIFICATION_KINDS, row.kind)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      if (!known.length) return false
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true, locale: true } })
      const lng = languageOf(user.locale)
      const appUrl = getEnv().appUrl
      const items = await Promise.all(
        known.map(async (row) => ({ text: (await renderNotification(row.kind as NotificationKind, paramsOf(row.params), lng)).text, url: `${appUrl}${safeLink(row.link)}` })),
      )
      await queueEmail(
        tx,
        user.email,
        { name: 'notification-digest', recipientName: user.name, items, url: `${appUrl}/notifications`, preferencesUrl: `${appUrl}/settings/notifications` },
        lng,
        { idempotencyKey: key },
      )
      return true
    })
    if (sent) mailed++
  }
  return mailed
}
