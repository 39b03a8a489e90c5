import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect } from '@remix-run/node'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { readForm } from '~/modules/runtime/form.server'
import { KIND_LIST, NOTIFICATION_GROUPS, NOTIFICATION_KINDS } from './kinds'
import { listNotifications, markAllRead, markRead, preferencesOf, savePreferences, unreadCount } from './notifications.server'
import { channelsFromForm, NotificationActionSchema, PreferencesSchema } from './schemas'

// What the notification pages show and what their forms do. Every loader and action reads
// and changes only the signed-in user's own rows: another user's notification is 404.

const notFound = () => new Response('Not Found', { status: 404 })

/** /notifications: the user's notifications, newest first. */
export async function notificationsPage(request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  const lng = await getLanguage(request)
  const [notifications, unread] = await Promise.all([listNotifications(user.id, lng), unreadCount(user.id)])
  return { notifications, unread }
}

/** Marks one notification (the user's own; else 404) or all of them read. */
export async function notificationsAction(request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  const submission = parseWithZod(await readForm(request), { schema: NotificationActionSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  if (submission.value.intent === 'read-all') {
    await markAllRead(user.id)
    return redirect('/notifications?done=all')
  }
  if (!(await markRead(user.id, submission.value.id))) throw notFound()
  return redirect('/notifications')
}

/** /notifications/{id}: opens a notification (read from now on) at its link; 404 for anyone but its owner. */
export async function openNotification(request: Request, id: string | undefined) {
  const user = await requirePermission(request, { signedIn: true })
  const opened = id ? await markRead(user.id, id) : null
  if (!opened) throw notFound()
  return redirect(opened.link)
}

/** /settings/notifications: the user's channel for each kind, grouped as the form shows them. */
export async function preferencesPage(request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  const preferences = await preferencesOf(user.id)
  return {
    preferences,
    groups: NOTIFICATION_GROUPS.map((group) => ({ group, kinds: KIND_LIST.filter((kind) => NOTIFICATION_KINDS[kind].group === group) })),
  }
}

export async function preferencesAction(request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  const submission = parseWithZod(await readForm(request), { schema: PreferencesSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  await savePreferences(user.id, channelsFromForm(submission.value))
  return redirect('/settings/notifications?saved=1')
}
