import { describe, expect, it } from 'vitest'
import { actionsFrom, defineLifecycle, judgeTransition } from '~/modules/lifecycle/lifecycle'
import { LISTING_LIFECYCLE, OWNER_STATUS_ACTIONS, isManageIntent, statusActionsFor } from '~/modules/listings/lifecycle'

const DOOR = defineLifecycle({
  states: ['shut', 'open', 'locked'],
  transitions: {
    open: { from: ['shut'], to: 'open' },
    shut: { from: ['open'], to: 'shut' },
    lock: { from: ['shut'], to: 'locked' },
  },
})

describe('judgeTransition', () => {
  it('is a no-op in the target state, allowed from a listed state and refused from any other', () => {
    expect(judgeTransition(DOOR, 'open', 'open')).toBe('same')
    expect(judgeTransition(DOOR, 'open', 'shut')).toBe('allowed')
    expect(judgeTransition(DOOR, 'open', 'locked')).toBe('not-allowed')
    expect(judgeTransition(DOOR, 'lock', 'open')).toBe('not-allowed')
  })
})

describe('actionsFrom', () => {
  it('lists the actions that change the state, in the order asked', () => {
    expect(actionsFrom(DOOR, 'shut', ['lock', 'open', 'shut'])).toEqual(['lock', 'open'])
    expect(actionsFrom(DOOR, 'locked', ['lock', 'open', 'shut'])).toEqual([])
  })

  it("gives a listing's owner the buttons its status allows", () => {
    expect(statusActionsFor('draft')).toEqual(['publish'])
    expect(statusActionsFor('open')).toEqual(['close', 'fill'])
    expect(statusActionsFor('closed')).toEqual(['reopen', 'fill'])
    expect(statusActionsFor('filled')).toEqual(['reopen'])
    expect(statusActionsFor('expired')).toEqual(['reopen'])
  })

  it('expires only open listings, and the owner cannot expire one', () => {
    expect(LISTING_LIFECYCLE.transitions.expire.from).toEqual(['open'])
    expect(OWNER_STATUS_ACTIONS).not.toContain('expire')
    expect(isManageIntent('expire')).toBe(false)
    expect(isManageIntent('duplicate')).toBe(true)
  })
})
