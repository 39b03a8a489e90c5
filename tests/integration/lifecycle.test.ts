import { beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { transition } from '~/modules/lifecycle/transition.server'
import { LISTING_LIFECYCLE } from '~/modules/listings/lifecycle'
import { changeListingStatus } from '~/modules/listings/listings.server'
import { recordListingIndexChange } from '~/modules/outbox/search-index.server'
import { buildCollege, buildDocument, buildNeed } from '../factories/listings'
import { FUTURE, load, memberOf, orgId } from '../support/listing-fixtures'

// The lifecycle engine against PostgreSQL: each step of a transition, and two transitions of
// one row racing on separate connections.

const COLLEGE = 'col-lifecycle'
let actor: { id: string }
let owner: { orgId: string }

beforeAll(async () => {
  await load(buildDocument({ organizations: [buildCollege({ key: COLLEGE })], needs: [] }))
  actor = (await memberOf(COLLEGE)).user
  owner = { orgId: await orgId(COLLEGE) }
})

async function openNeed(key: string) {
  await load(buildDocument({ organizations: [buildCollege({ key: COLLEGE })], needs: [buildNeed({ key, org: COLLEGE, ...FUTURE })] }))
  return prisma.need.findUniqueOrThrow({ where: { key }, select: { id: true, status: true } })
}

const auditOf = (id: string) => prisma.auditLog.findMany({ where: { entityId: id }, orderBy: { createdAt: 'asc' }, select: { action: true, data: true } })
const indexEventsOf = (id: string) => prisma.outboxEntry.count({ where: { kind: 'search_index', payload: { path: ['needs'], array_contains: [id] } } })

/** A need's status change through the engine, with a guard the test controls. */
function transitionNeed(id: string, action: 'close' | 'fill' | 'reopen', guard: () => 'refused' | null = () => null) {
  return prisma.$transaction((tx) =>
    transition(tx, {
      lifecycle: LISTING_LIFECYCLE,
      action,
      table: 'Need',
      id,
      actorId: actor.id,
      auditName: 'need',
      load: (tx) => tx.need.findFirst({ where: { id, orgId: owner.orgId }, select: { id: true, status: true } }),
      guard: async () => guard(),
      update: (tx, _row, to) => tx.need.update({ where: { id }, data: { status: to } }),
      events: (tx) => recordListingIndexChange(tx, 'need', id),
    }),
  )
}

describe('transition', () => {
  it('updates, audits and records the event together; the same action again changes nothing', async () => {
    const need = await openNeed('need-lifecycle-close')
    const events = await indexEventsOf(need.id)
    expect(await transitionNeed(need.id, 'close')).toMatchObject({ ok: true, from: 'open', to: 'closed', changed: true })
    expect(await transitionNeed(need.id, 'close')).toMatchObject({ ok: true, from: 'closed', to: 'closed', changed: false })
    expect((await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe('closed')
    expect((await auditOf(need.id)).filter((entry) => entry.action === 'need.close')).toEqual([{ action: 'need.close', data: { from: 'open', to: 'closed' } }])
    expect(await indexEventsOf(need.id)).toBe(events + 1)
  })

  it('refuses an action that may not start from the current state, and a refused guard; nothing is written', async () => {
    const need = await openNeed('need-lifecycle-refused')
    expect(await transitionNeed(need.id, 'fill')).toMatchObject({ ok: true, to: 'filled' })
    const audit = await auditOf(need.id)
    const events = await indexEventsOf(need.id)
    expect(await transitionNeed(need.id, 'close')).toEqual({ ok: false, reason: 'not-allowed' })
    expect(await transitionNeed(need.id, 'reopen', () => 'refused')).toEqual({ ok: false, reason: 'refused', refusal: 'refused' })
    expect((await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe('filled')
    expect(await auditOf(need.id)).toEqual(audit)
    expect(await indexEventsOf(need.id)).toBe(events)
  })

  it('finds nothing for a row the load does not return (another owner) or that does not exist', async () => {
    expect(await transitionNeed('00000000-0000-0000-0000-000000000000', 'close')).toEqual({ ok: false, reason: 'not-found' })
    const other = await openNeed('need-lifecycle-other')
    owner = { orgId: '00000000-0000-0000-0000-000000000000' }
    try {
      expect(await transitionNeed(other.id, 'close')).toEqual({ ok: false, reason: 'not-found' })
    } finally {
      owner = { orgId: await orgId(COLLEGE) }
    }
  })

  it('serialises racing changes of one row: each audit entry starts where the previous one ended', async () => {
    for (let round = 0; round < 5; round += 1) {
      const need = await openNeed(`need-lifecycle-race-${round}`)
      // close (open → closed) and fill (open or closed → filled) at once, on separate connections
      const results = await Promise.all([
        changeListingStatus({ type: 'need', actorId: actor.id, owner, id: need.id, action: 'close' }),
        changeListingStatus({ type: 'need', actorId: actor.id, owner, id: need.id, action: 'fill' }),
      ])
      const steps = (await auditOf(need.id)).filter((entry) => entry.action !== 'need.create').map((entry) => entry.data as { from: string; to: string })
      expect(steps[0]!.from).toBe('open')
      for (let i = 1; i < steps.length; i += 1) expect(steps[i]!.from).toBe(steps[i - 1]!.to)
      const final = (await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).status
      expect(steps.at(-1)!.to).toBe(final)
      // fill wins either way (from open, or from closed after close); close after fill is refused
      expect(final).toBe('filled')
      expect(results[1]).toMatchObject({ ok: true, status: 'filled' })
    }
  })
})
