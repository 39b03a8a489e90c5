import { prisma } from '~/modules/db/db.server'
import { recordListingIndexChange } from '~/modules/outbox/search-index.server'
import { LISTING_LIFECYCLE } from './lifecycle'
import { calendarDate } from './listings.server'
import { todayInHanoi } from '~/modules/i18n/i18n'
import { calendarDay } from './view'

// Open listings whose window has passed become `expired` (the lifecycle's `expire`). Run
// periodically (see composition/services.server.ts); running it twice in a day changes
// nothing the second time. One batch rather than the engine's row by row: the system acts,
// so there is no owner to check, no guard, and a day's expiries commit together.

/**
 * Expires open needs and offers whose end date is before today in Hà Nội (a listing ending
 * today stays open all day). Each change is audited with no actor: the system did it.
 */
export async function expireListings(now: Date = new Date()): Promise<{ needs: number; offers: number }> {
  const today = calendarDate(todayInHanoi(now))
  // Expiry starts from one state only, so each audit entry can name it.
  const { from: [from], to } = LISTING_LIFECYCLE.transitions.expire
  const where = { status: from, endDate: { lt: today } }
  const select = { id: true, key: true, endDate: true } as const
  return prisma.$transaction(async (tx) => {
    const needs = await tx.need.updateManyAndReturn({ where, data: { status: to }, select })
    const offers = await tx.offer.updateManyAndReturn({ where, data: { status: to }, select })
    const entry = (entityType: 'Need' | 'Offer', listing: (typeof needs)[number]) => ({
      actorId: null,
      action: `${entityType.toLowerCase()}.expire`,
      entityType,
      entityId: listing.id,
      data: { key: listing.key, from, to, endDate: calendarDay(listing.endDate) },
    })
    // One insert for the whole batch; the rows are what recordAudit would write.
    await tx.auditLog.createMany({ data: [...needs.map((n) => entry('Need', n)), ...offers.map((o) => entry('Offer', o))] })
    // Expired listings leave the search index and matches.
    for (const need of needs) await recordListingIndexChange(tx, 'need', need.id)
    for (const offer of offers) await recordListingIndexChange(tx, 'offer', offer.id)
    return { needs: needs.length, offers: offers.length }
  })
}
