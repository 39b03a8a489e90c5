import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect } from '@remix-run/node'
import { requirePermission, type CurrentUser } from '~/modules/accounts/permissions.server'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma } from '~/modules/db/db.server'
import { viewerFrom } from '~/modules/listings/visibility'
import { getEnv } from '~/modules/runtime/env.server'
import { readForm } from '~/modules/runtime/form.server'
import { needParty, offerParty, partiesOf } from '~/modules/proposals/parties'
import { bankInstruction, methodsFor, startBankTransfer } from './bank-transfer.server'
import { basisPointsOf, feeOf } from './fees'
import { PayContractSchema } from './funding-schemas'
import { availableMethods, createPayment } from './payments.server'
import { payoutPlanFor } from './payouts.server'
import type { PaymentMethod } from './provider'
import { startCheckout } from './stripe.server'
import './providers.server'

// The payer's pages: one payment (its state, and for a bank transfer the VietQR instruction)
// and paying an expert contract. Only the payer's people (and admins) see a payment; only the
// college of an agreement pays it.

/** Opens a created payment on its rail: the Checkout page, or the payment's own page with its QR code. */
export async function launchPayment(paymentId: string, method: PaymentMethod): Promise<Response> {
  if (method === 'stripe_checkout') {
    const started = await startCheckout(paymentId, { returnUrl: `${getEnv().appUrl}/payments/${paymentId}` })
    if (started.ok) return redirect(started.url)
    return redirect(`/payments/${paymentId}`)
  }
  await startBankTransfer(paymentId)
  return redirect(`/payments/${paymentId}`)
}

function canSeePayment(user: CurrentUser, payment: { payerUserId: string | null; payerOrgId: string | null }): boolean {
  if (user.platformRole === 'admin') return true
  return payment.payerUserId === user.id || (!!payment.payerOrgId && user.memberships.some((m) => m.org.id === payment.payerOrgId))
}

export async function paymentPage(request: Request, id: string | undefined) {
  const user = await requirePermission(request, { signedIn: true })
  const payment = id
    ? await prisma.payment.findUnique({
        where: { id },
        select: {
          id: true,
          reference: true,
          status: true,
          purpose: true,
          method: true,
          amount: true,
          currency: true,
          creditAmount: true,
          creditCurrency: true,
          platformFee: true,
          payoutMode: true,
          payerUserId: true,
          payerOrgId: true,
          checkoutUrl: true,
          expiresAt: true,
          paidAt: true,
          refundedAt: true,
          need: { select: { key: true, title: true } },
          agreement: { select: { id: true, need: { select: { title: true } } } },
        },
      })
    : null
  // Not the payer's (nor an admin's): the same 404 as a payment that does not exist.
  if (!payment || !canSeePayment(user, payment)) throw new Response('Not Found', { status: 404 })
  const instruction = payment.method === 'bank_transfer' && payment.status === 'pending' ? await bankInstruction(payment.id) : null
  const target = payment.need ? { title: payment.need.title, href: `/needs/${payment.need.key}` } : payment.agreement ? { title: payment.agreement.need.title, href: `/agreements/${payment.agreement.id}` } : null
  return {
    payment: {
      id: payment.id,
      reference: payment.reference,
      status: payment.status,
      purpose: payment.purpose,
      method: payment.method,
      amount: Number(payment.amount),
      currency: payment.currency,
      credit: payment.creditAmount !== null && payment.creditCurrency && payment.creditCurrency !== payment.currency ? { amount: Number(payment.creditAmount), currency: payment.creditCurrency } : null,
      platformFee: payment.purpose === 'expert_contract' ? Number(payment.platformFee ?? 0n) : null,
      checkoutUrl: payment.status === 'pending' && payment.expiresAt && payment.expiresAt > new Date() ? payment.checkoutUrl : null,
      expiresAt: payment.expiresAt?.toISOString() ?? null,
      paidAt: payment.paidAt?.toISOString() ?? null,
      target,
    },
    instruction: instruction && {
      bankName: instruction.bankName,
      account: instruction.account,
      accountName: instruction.accountName,
      amount: instruction.amount,
      currency: instruction.currency,
      reference: instruction.reference,
      qrPayload: instruction.qrPayload,
      qrSvg: instruction.qrSvg,
    },
  }
}
export type PaymentPageData = Awaited<ReturnType<typeof paymentPage>>

// ───────────────────────────── paying an expert contract ─────────────────────────────

const contractSelect = {
  id: true,
  kind: true,
  status: true,
  amount: true,
  currency: true,
  need: { select: { orgId: true, title: true } },
  offer: { select: { orgId: true, expertId: true, title: true } },
  payments: { where: { status: { in: ['pending', 'paid'] as ('pending' | 'paid')[] } }, select: { id: true, status: true }, orderBy: { createdAt: 'desc' as const } },
} as const

/** The agreement when the user acts for its college (the party that pays); 404 for anyone else. */
async function payableContract(user: CurrentUser, id: string | undefined) {
  const agreement = id ? await prisma.agreement.findUnique({ where: { id }, select: contractSelect }) : null
  const viewer = viewerFrom(user)
  const mine = viewer && !viewer.readOnly ? (partiesOf(viewer) as string[]) : []
  if (!agreement || !mine.includes(needParty(agreement.need))) throw new Response('Not Found', { status: 404 })
  return agreement
}

/** What paying the contract costs and brings: the amount, the platform fee, what the expert receives, and how. */
async function contractTerms(agreement: Awaited<ReturnType<typeof payableContract>>) {
  const feeBasisPoints = basisPointsOf(getEnv().PLATFORM_FEE_PERCENT)
  const amount = agreement.amount === null ? null : Number(agreement.amount)
  const fee = amount === null ? null : feeOf(amount, feeBasisPoints)
  // Stripe pays the expert out only when it takes the card payment (keys set) and can pay them.
  const stripePlan = agreement.offer.expertId && availableMethods().includes('stripe_checkout') ? await payoutPlanFor(agreement.offer.expertId) : null
  const plan = stripePlan ?? { mode: 'manual' as const }
  return { amount, currency: agreement.currency, feeBasisPoints, fee, payee: amount === null || fee === null ? null : amount - fee, plan }
}

type ContractRefusal = 'not-payable' | 'already' | 'method-unavailable'

/** Whether the contract can be paid now: an expert contract, confirmed or completed, with its total, and no payment under way. */
function refusalOf(agreement: Awaited<ReturnType<typeof payableContract>>): ContractRefusal | null {
  if (agreement.kind !== 'expert' || (agreement.status !== 'confirmed' && agreement.status !== 'completed') || agreement.amount === null || !agreement.currency) return 'not-payable'
  if (agreement.payments.length) return 'already'
  return null
}

export async function contractPaymentPage(request: Request, id: string | undefined) {
  const user = await requirePermission(request, { signedIn: true })
  const agreement = await payableContract(user, id)
  const terms = await contractTerms(agreement)
  return {
    agreement: { id: agreement.id, needTitle: agreement.need.title, offerTitle: agreement.offer.title },
    ...terms,
    plan: terms.plan.mode,
    feePercent: getEnv().PLATFORM_FEE_PERCENT,
    methods: agreement.currency ? methodsFor(agreement.currency) : [],
    refusal: refusalOf(agreement),
    existing: agreement.payments[0] ?? null,
  }
}

const CONTRACT_REFUSAL_KEYS: Record<ContractRefusal, string> = {
  'not-payable': 'payments.contract.notPayable',
  already: 'payments.contract.already',
  'method-unavailable': 'payments.errors.methodUnavailable',
}

export async function contractPaymentAction(request: Request, id: string | undefined) {
  const user = await requirePermission(request, { signedIn: true })
  const submission = parseWithZod(await readForm(request), { schema: PayContractSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), message: null }, { status: 400 })
  const method = submission.value.method
  const created = await prisma.$transaction(async (tx) => {
    // One payment per contract at a time: the agreement row is the lock.
    await tx.$queryRaw`SELECT 1 FROM "Agreement" WHERE id = ${id ?? ''} FOR UPDATE`
    const agreement = await payableContract(user, id)
    const refusal = refusalOf(agreement) ?? (methodsFor(agreement.currency!).includes(method) ? null : 'method-unavailable')
    if (refusal) return { ok: false as const, refusal }
    const terms = await contractTerms(agreement)
    const payment = await createPayment(tx, {
      purpose: 'expert_contract',
      method,
      amount: terms.amount!,
      currency: agreement.currency!,
      agreementId: agreement.id,
      payerOrgId: agreement.need.orgId,
      payerUserId: user.id,
      feeBasisPoints: terms.feeBasisPoints,
      // A destination charge exists only for a card payment; a bank transfer is paid out by hand.
      payoutMode: method === 'stripe_checkout' && terms.plan.mode === 'stripe' ? 'stripe' : 'manual',
      payoutAccountId: method === 'stripe_checkout' && terms.plan.mode === 'stripe' ? terms.plan.accountId : null,
    })
    await recordAudit(tx, user.id, 'payment.start', 'Payment', payment.id, { agreementId: agreement.id, amount: terms.amount, currency: agreement.currency, method, payee: offerParty(agreement.offer) })
    return { ok: true as const, paymentId: payment.id }
  })
  if (!created.ok) {
    return data({ result: submission.reply({ formErrors: [CONTRACT_REFUSAL_KEYS[created.refusal]] }), message: { key: CONTRACT_REFUSAL_KEYS[created.refusal] } }, { status: 409 })
  }
  return launchPayment(created.paymentId, method)
}

/** A contract's payment as its agreement page shows it (both parties see the state). */
export async function contractPaymentSummary(agreementId: string) {
  const payment = await prisma.payment.findFirst({
    where: { agreementId, status: { in: ['pending', 'paid', 'refunded'] } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, status: true, amount: true, currency: true, platformFee: true, payoutMode: true, payoutPaidAt: true },
  })
  return payment && { id: payment.id, status: payment.status, amount: Number(payment.amount), currency: payment.currency, fee: Number(payment.platformFee ?? 0n), payoutMode: payment.payoutMode, payoutPaid: payment.payoutMode === 'stripe' || payment.payoutPaidAt !== null }
}
