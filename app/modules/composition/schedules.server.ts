import { sweepExpiredBuckets } from '~/modules/accounts/rate-limit.server'
import { expireListings } from '~/modules/listings/expiry.server'
import { sendNotificationDigests } from '~/modules/notifications/notifications.server'
import { defineSchedule } from '~/modules/outbox/schedule.server'
import { reconcileStripeCheckouts } from '~/modules/payments/stripe-reconcile.server'
import { expireUnpaidPayments } from '~/modules/payments/expiry.server'
import { refundUnfundedCardContributions } from '~/modules/payments/unfunded.server'
import { completeDueAgreements } from '~/modules/proposals/agreements.server'
import { expireProposals, remindProposals } from '~/modules/proposals/proposals.server'
import { log } from '~/modules/runtime/logger.server'
import { sendSavedSearchDigests } from '~/modules/saved-searches/saved-searches.server'

// Every scheduled task, in one place. Each runs once per slot across all app instances
// (patterns in Hà Nội time; see app/modules/outbox/schedule.server.ts).

export function defineSchedules(): void {
  defineSchedule('listings.expire', '*/15 * * * *', async () => {
    const expired = await expireListings()
    if (expired.needs || expired.offers) log.info('listings expired', expired)
  })
  defineSchedule('proposals.expire', '15 * * * *', async () => {
    const expired = await expireProposals()
    if (expired) log.info('proposals expired', { expired })
  })
  defineSchedule('proposals.remind', '45 * * * *', async () => {
    const reminded = await remindProposals()
    if (reminded) log.info('proposal reminders queued', { reminded })
  })
  // Just after midnight in Hà Nội: yesterday was the last day of agreements ending then.
  defineSchedule('agreements.complete', '20 0 * * *', async () => {
    const completed = await completeDueAgreements()
    if (completed) log.info('agreements completed by date', { completed })
  })
  // Mornings in Hà Nội: each member's digest of notifications, then their saved searches' new listings.
  defineSchedule('notifications.digest', '0 7 * * *', async (slot) => {
    const mailed = await sendNotificationDigests(slot)
    if (mailed) log.info('notification digests queued', { mailed })
  })
  defineSchedule('saved-searches.digest', '10 7 * * *', async () => {
    const mailed = await sendSavedSearchDigests()
    if (mailed) log.info('saved-search emails queued', { mailed })
  })
  // Card payments still pending after 30 minutes are settled from Stripe's own record (a lost webhook).
  defineSchedule('payments.reconcile', '5,20,35,50 * * * *', async () => {
    const reconciled = await reconcileStripeCheckouts()
    if (reconciled.confirmed || reconciled.cancelled || reconciled.errors) log.info('card payments reconciled with Stripe', reconciled)
  })
  // Bank-transfer instructions (and Checkout sessions) left unpaid past their date: cancelled.
  defineSchedule('payments.expire', '30 * * * *', async () => {
    const cancelled = await expireUnpaidPayments()
    if (cancelled) log.info('unpaid payments cancelled', { cancelled })
  })
  // Needs that expired short of their goal: card contributions their sponsors want back are refunded.
  defineSchedule('payments.unfunded', '40 1 * * *', async () => {
    const refunded = await refundUnfundedCardContributions()
    if (refunded) log.info('contributions to unfunded needs refunded', { refunded })
  })
  defineSchedule('rate-limits.sweep', '7 * * * *', async () => {
    const buckets = await sweepExpiredBuckets()
    if (buckets) log.info('expired rate-limit buckets deleted', { buckets })
  })
}
