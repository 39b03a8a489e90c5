// What the platform tells its members about, and how by default. Pure: shared by the server
// (notify, the digest) and the pages (the preferences form). Each kind's text is in
// app/locales/{vi,en}/notifications.ts under `notifications.kinds.<kind>` (title, text),
// interpolated with the notification's params. docs/decisions/017-notifications.md

/** How a member hears about a kind (the database enum NotificationChannel). */
export const CHANNELS = ['in_app', 'email', 'digest', 'off'] as const
export type Channel = (typeof CHANNELS)[number]

export const NOTIFICATION_GROUPS = ['proposals', 'agreements', 'reviews'] as const
export type NotificationGroup = (typeof NOTIFICATION_GROUPS)[number]

/**
 * Every kind, its group on the preferences page and its default channel. Proposal events
 * default to email, as they were mailed before preferences existed; agreements and reviews
 * (called by their modules as they arrive) likewise, a review in the daily digest.
 */
export const NOTIFICATION_KINDS = {
  'proposal.received': { group: 'proposals', channel: 'email' },
  'proposal.message': { group: 'proposals', channel: 'email' },
  'proposal.accepted': { group: 'proposals', channel: 'email' },
  'proposal.declined': { group: 'proposals', channel: 'email' },
  'proposal.withdrawn': { group: 'proposals', channel: 'email' },
  'proposal.reminder': { group: 'proposals', channel: 'email' },
  'proposal.expired': { group: 'proposals', channel: 'email' },
  'agreement.confirmed': { group: 'agreements', channel: 'email' },
  'agreement.completed': { group: 'agreements', channel: 'email' },
  'review.received': { group: 'reviews', channel: 'digest' },
} as const satisfies Record<string, { group: NotificationGroup; channel: Channel }>

export type NotificationKind = keyof typeof NOTIFICATION_KINDS
export const KIND_LIST = Object.keys(NOTIFICATION_KINDS) as NotificationKind[]

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && Object.hasOwn(NOTIFICATION_KINDS, value)
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value)
}

export const defaultChannel = (kind: NotificationKind): Channel => NOTIFICATION_KINDS[kind].channel

/** Values a kind's text is interpolated with (names and titles, as text). */
export type NotificationParams = Record<string, string | number>

/** The params as stored (JSON), keeping only strings and numbers. */
export function paramsOf(value: unknown): NotificationParams {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {}
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number'))
}

/** The form field of a kind's channel on the preferences page ("proposal.received" → "proposal_received"). */
export const fieldOf = (kind: NotificationKind) => kind.replace('.', '_')
