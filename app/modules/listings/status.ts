export const LISTING_STATUSES = ['draft', 'open', 'closed', 'filled', 'expired'] as const
export type ListingStatus = (typeof LISTING_STATUSES)[number]

/** What an owner may do to a listing's status (the manage routes' `intent`s, besides `duplicate`). */
export const STATUS_ACTIONS = {
  publish: { from: ['draft'], to: 'open' },
  close: { from: ['open'], to: 'closed' },
  reopen: { from: ['closed', 'filled', 'expired'], to: 'open' },
  fill: { from: ['open', 'closed'], to: 'filled' },
} as const satisfies Record<string, { from: readonly ListingStatus[]; to: ListingStatus }>
export type StatusAction = keyof typeof STATUS_ACTIONS
export const MANAGE_INTENTS = ['publish', 'close', 'reopen', 'fill', 'duplicate'] as const
export type ManageIntent = (typeof MANAGE_INTENTS)[number]

export function isManageIntent(value: unknown): value is ManageIntent {
  return typeof value === 'string' && (MANAGE_INTENTS as readonly string[]).includes(value)
}

/** The status actions that apply to a listing in `status`, in the order buttons show them. */
export function statusActionsFor(status: ListingStatus): StatusAction[] {
  return (Object.keys(STATUS_ACTIONS) as StatusAction[]).filter((action) =>
    (STATUS_ACTIONS[action].from as readonly ListingStatus[]).includes(status),
  )
}
