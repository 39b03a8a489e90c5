import { randomUUID } from 'node:crypto'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma } from '~/modules/db/db.server'
import { getEnv } from '~/modules/runtime/env.server'
import { log } from '~/modules/runtime/logger.server'
import { canStripePayOut } from './connect'
import { stripeClient } from './stripe.server'

// How an expert is paid: through Stripe Connect (an Express account; card payments for their
// contracts are destination charges that keep the platform's fee), or, where Stripe cannot
// pay them out or they have not finished Stripe's onboarding, by the platform's bank transfer
// (a manual payout an admin records). The expert's page is /expert/payouts.
// docs/decisions/020-stripe-rail.md

export type PayoutPlan = { mode: 'stripe'; accountId: string } | { mode: 'manual' }

/** How a contract paid now would reach this expert (the contract-payment code records it on the payment). */
export async function payoutPlanFor(expertProfileId: string): Promise<PayoutPlan> {
  const profile = await prisma.expertProfile.findUnique({ where: { id: expertProfileId }, select: { stripeAccountId: true, stripePayoutsEnabled: true } })
  return profile?.stripeAccountId && profile.stripePayoutsEnabled ? { mode: 'stripe', accountId: profile.stripeAccountId } : { mode: 'manual' }
}

/**
 * - `ready`: Stripe pays them out;
 * - `onboarding`: they have a Stripe account but Stripe does not pay it out yet (details missing);
 * - `available`: Stripe could pay them out; they have not started;
 * - `manual`: the platform pays them by bank transfer (their country, or Stripe not configured here).
 */
export type PayoutStatus = 'ready' | 'onboarding' | 'available' | 'manual'

export type PayoutsPage = {
  name: string
  country: string
  status: PayoutStatus
  /** Stripe Connect can pay out in their country */
  countrySupported: boolean
  /** this server has Stripe keys */
  stripeConfigured: boolean
  feePercent: number
}

/**
 * The expert's payout page. Coming back from Stripe (`refresh`), the account is read from
 * Stripe at once rather than waiting for its `account.updated` webhook.
 */
export async function payoutsPage(expertProfileId: string, options: { refresh?: boolean } = {}): Promise<PayoutsPage | null> {
  let profile = await prisma.expertProfile.findUnique({ where: { id: expertProfileId }, select: { id: true, name: true, country: true, stripeAccountId: true, stripePayoutsEnabled: true } })
  if (!profile) return null
  const stripe = stripeClient()
  if (options.refresh && stripe && profile.stripeAccountId) {
    try {
      const account = await stripe.accounts.retrieve(profile.stripeAccountId)
      const enabled = Boolean(account.payouts_enabled)
      if (enabled !== profile.stripePayoutsEnabled) {
        await prisma.$transaction(async (tx) => {
          await tx.expertProfile.update({ where: { id: profile!.id }, data: { stripePayoutsEnabled: enabled } })
          await recordAudit(tx, null, 'expert.payouts', 'ExpertProfile', profile!.id, { stripeAccountId: account.id, payoutsEnabled: enabled })
        })
        profile = { ...profile, stripePayoutsEnabled: enabled }
      }
    } catch (error) {
      log.warn('reading a connected account from Stripe failed', { expertProfileId, error: error instanceof Error ? error.message : String(error) })
    }
  }
  const countrySupported = canStripePayOut(profile.country)
  const stripeConfigured = Boolean(stripe)
  const status: PayoutStatus =
    profile.stripeAccountId && profile.stripePayoutsEnabled
      ? 'ready'
      : profile.stripeAccountId && stripeConfigured
        ? 'onboarding'
        : countrySupported && stripeConfigured
          ? 'available'
          : 'manual'
  return { name: profile.name, country: profile.country, status, countrySupported, stripeConfigured, feePercent: getEnv().PLATFORM_FEE_PERCENT }
}

export type OnboardingStart = { ok: true; url: string } | { ok: false; error: 'not-found' | 'unsupported-country' | 'not-configured' | 'unavailable' }

/**
 * Sends the expert to Stripe's Express onboarding: creates their connected account once
 * (idempotency key per expert; a second click or a racing request gets the same account),
 * stores its id, and answers a fresh onboarding link that comes back to /expert/payouts.
 */
export async function startPayoutOnboarding(expertProfileId: string, user: { id: string; email: string }): Promise<OnboardingStart> {
  const profile = await prisma.expertProfile.findUnique({ where: { id: expertProfileId }, select: { id: true, country: true, stripeAccountId: true } })
  if (!profile) return { ok: false, error: 'not-found' }
  const stripe = stripeClient()
  if (!stripe) return { ok: false, error: 'not-configured' }
  const country = profile.country.trim().toUpperCase()
  if (!profile.stripeAccountId && !canStripePayOut(country)) return { ok: false, error: 'unsupported-country' }
  try {
    let accountId = profile.stripeAccountId
    if (!accountId) {
      const account = await stripe.accounts.create(
        {
          type: 'express',
          country,
          email: user.email,
          business_type: 'individual',
          capabilities: { transfers: { requested: true } },
          metadata: { expertProfileId: profile.id },
        },
        { idempotencyKey: `connect-account:${profile.id}` },
      )
      await prisma.$transaction(async (tx) => {
        const { count } = await tx.expertProfile.updateMany({ where: { id: profile.id, stripeAccountId: null }, data: { stripeAccountId: account.id, stripePayoutsEnabled: Boolean(account.payouts_enabled) } })
        if (count) await recordAudit(tx, user.id, 'expert.stripe_account', 'ExpertProfile', profile.id, { stripeAccountId: account.id })
      })
      accountId = (await prisma.expertProfile.findUniqueOrThrow({ where: { id: profile.id }, select: { stripeAccountId: true } })).stripeAccountId ?? account.id
    }
    const page = `${getEnv().appUrl}/expert/payouts`
    // Onboarding links are single-use and short-lived: each click gets a new one.
    const link = await stripe.accountLinks.create(
      { account: accountId, type: 'account_onboarding', refresh_url: `${page}?stripe=refresh`, return_url: `${page}?stripe=return` },
      { idempotencyKey: `account-link:${accountId}:${randomUUID()}` },
    )
    return { ok: true, url: link.url }
  } catch (error) {
    log.warn('starting Stripe Connect onboarding failed', { expertProfileId, error: error instanceof Error ? error.message : String(error) })
    return { ok: false, error: 'unavailable' }
  }
}
