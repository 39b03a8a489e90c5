import { z } from 'zod'
import { CHANNELS, fieldOf, KIND_LIST, type Channel, type NotificationKind } from './kinds'

// The notification forms, shared by client and server through Conform. Messages are translation keys.

const id = z.string({ error: 'validation.required' }).min(1, 'validation.required').max(64, 'validation.invalid')

/** /notifications: mark one read, or all of them. */
export const NotificationActionSchema = z.discriminatedUnion('intent', [z.object({ intent: z.literal('read'), id }), z.object({ intent: z.literal('read-all') })], {
  error: 'validation.invalid',
})

const channel = z.enum(CHANNELS, { error: 'notifications.settings.invalidChannel' })

/** /settings/notifications: a channel for every kind, one radio group each (fields named by fieldOf). */
export const PreferencesSchema = z.object(Object.fromEntries(KIND_LIST.map((kind) => [fieldOf(kind), channel])) as Record<string, typeof channel>)

/** The form's values as channels per kind. */
export function channelsFromForm(value: Record<string, Channel>): Record<NotificationKind, Channel> {
  return Object.fromEntries(KIND_LIST.map((kind) => [kind, value[fieldOf(kind)]!])) as Record<NotificationKind, Channel>
}
