import { actionsFrom, defineLifecycle } from '~/modules/lifecycle/lifecycle'

// A listing's status (needs and offers alike), run by the lifecycle engine
// (lifecycle/transition.server.ts) in listings.server.ts and expiry.server.ts.
//
//   action   from                       to
//   publish  draft                      open     (owner; subject to the open-listing cap)
//   close    open                       closed   (owner)
//   reopen   closed, filled, expired    open     (owner; cap, and an end date not past)
//   fill     open, closed               filled   (owner)
//   expire   open                       expired  (system, the day after the end date)

export const LISTING_STATUSES = ['draft', 'open', 'closed', 'filled', 'expired'] as const
export type ListingStatus = (typeof LISTING_STATUSES)[number]

export const LISTING_LIFECYCLE = defineLifecycle({
  states: LISTING_STATUSES,
  transitions: {
    publish: { from: ['draft'], to: 'open' },
    close: { from: ['open'], to: 'closed' },
    reopen: { from: ['closed', 'filled', 'expired'], to: 'open' },
    fill: { from: ['open', 'closed'], to: 'filled' },
    expire: { from: ['open'], to: 'expired' },
  },
})

/** The actions an owner may take, in the order the manage buttons show them. */
export const OWNER_STATUS_ACTIONS = ['publish', 'close', 'reopen', 'fill'] as const
export type StatusAction = (typeof OWNER_STATUS_ACTIONS)[number]

/** The manage routes' `intent`s: the owner's status actions, and a draft copy. */
export const MANAGE_INTENTS = [...OWNER_STATUS_ACTIONS, 'duplicate'] as const
export type ManageIntent = (typeof MANAGE_INTENTS)[number]

export function isManageIntent(value: unknown): value is ManageIntent {
  return typeof value === 'string' && (MANAGE_INTENTS as readonly string[]).includes(value)
}

/** The owner's status actions that change a listing in `status`, in button order. */
export function statusActionsFor(status: ListingStatus): StatusAction[] {
  return actionsFrom(LISTING_LIFECYCLE, status, OWNER_STATUS_ACTIONS)
}
