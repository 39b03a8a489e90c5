import { actionsFrom, defineLifecycle } from '~/modules/lifecycle/lifecycle'

// An agreement's status, run by the lifecycle engine (agreements.server.ts).
//
//   action    from       to         who
//   (terms)   draft      draft      either party edits the terms; both confirmations reset
//   (sign)    draft      draft      one party confirms the terms as they stand
//   confirm   draft      confirmed  the second party's confirmation
//   complete  confirmed  completed  either party, or the system the day after the end date
//
// `cancelled` is reserved for payments (a contract refunded before it starts): no action
// leads there yet.

export const AGREEMENT_STATUSES = ['draft', 'confirmed', 'completed', 'cancelled'] as const
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number]

export const AGREEMENT_LIFECYCLE = defineLifecycle({
  states: AGREEMENT_STATUSES,
  transitions: {
    confirm: { from: ['draft'], to: 'confirmed' },
    complete: { from: ['confirmed'], to: 'completed' },
  },
})

/** After completion, each party's review stays hidden from the other this long, unless both have written theirs. */
export const REVIEW_BLIND_DAYS = 14
export const RATINGS = [1, 2, 3, 4, 5] as const

export type AgreementSide = 'need' | 'offer'

/** What a party may do on an agreement page. */
export function agreementActionsFor(
  status: AgreementStatus,
  side: AgreementSide | null,
  state: { confirmedByMe: boolean; reviewedByMe: boolean },
): ('terms' | 'sign' | 'complete' | 'review')[] {
  if (!side) return []
  if (status === 'draft') return state.confirmedByMe ? ['terms'] : ['terms', 'sign']
  if (actionsFrom(AGREEMENT_LIFECYCLE, status, ['complete']).length) return ['complete']
  if (status === 'completed' && !state.reviewedByMe) return ['review']
  return []
}

/** Whether a review is shown to the other party and on profiles. */
export function reviewIsPublic(agreement: { completedAt: Date | null; reviewCount: number }, now: Date): boolean {
  if (agreement.reviewCount >= 2) return true
  if (!agreement.completedAt) return false
  return now.getTime() >= agreement.completedAt.getTime() + REVIEW_BLIND_DAYS * 86_400_000
}
