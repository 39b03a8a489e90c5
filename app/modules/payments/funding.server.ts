import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import { requirePermission, type CurrentUser } from '~/modules/accounts/permissions.server'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma, type Tx } from '~/modules/db/db.server'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { isListed, viewerFrom } from '~/modules/listings/visibility'
import { loadRates } from '~/modules/money/exchange-rates.server'
import { convert } from '~/modules/money/units'
import { readForm } from '~/modules/runtime/form.server'
import { formatMoney, isCurrency, toMajorUnits, toMinorUnits, type Currency } from '~/utils/money'
import { contribution, SponsorSchema } from './funding-schemas'
import { methodsFor } from './bank-transfer.server'
import { launchPayment } from './pages.server'
import { availableMethods, createPayment } from './payments.server'
import './providers.server'

// Sponsorship funding (journey 3): a need with a funding goal takes contributions from several
// businesses, each in VND, USD or EUR, converted into the goal's currency at the admins' rates
// when pledged and shown in both; each at most what is still open (paid and pending
// contributions count, so two sponsors cannot both take the last part). The need shows its
// progress and credits its sponsors; a receipt goes to the payer in their language.

/** Minor units of `amount` in `from`, as minor units of `to` at today's rates (null: no rate). */
export async function convertMinor(amount: number, from: Currency, to: Currency): Promise<number | null> {
  if (from === to) return amount
  const major = convert(toMajorUnits(amount, from), from, to, await loadRates())
  return major === null ? null : toMinorUnits(major, to)
}

const countsNow = (now: Date) => ({ OR: [{ status: 'paid' as const }, { status: 'pending' as const, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }] })

export type FundingView = {
  goal: { amount: number; currency: Currency }
  raised: number
  pending: number
  remaining: number
  percent: number
  sponsors: { name: string; nameVi: string | null; orgKey: string | null; amount: number; currency: string; credit: number }[]
}

/** A need's funding: its goal, what paid and pending contributions cover, and who gave. Null without a goal. */
export async function fundingOf(tx: Tx, needId: string, now = new Date()): Promise<FundingView | null> {
  const need = await tx.need.findUnique({ where: { id: needId }, select: { fundingGoal: true, fundingCurrency: true } })
  if (!need?.fundingGoal || !need.fundingCurrency || !isCurrency(need.fundingCurrency)) return null
  const rows = await tx.payment.findMany({
    where: { needId, purpose: 'sponsorship', ...countsNow(now) },
    orderBy: { paidAt: 'asc' },
    select: { status: true, amount: true, currency: true, creditAmount: true, payerOrg: { select: { key: true, name: true, nameVi: true } } },
  })
  const credit = (row: (typeof rows)[number]) => Number(row.creditAmount ?? row.amount)
  const raised = rows.filter((r) => r.status === 'paid').reduce((sum, r) => sum + credit(r), 0)
  const pending = rows.filter((r) => r.status === 'pending').reduce((sum, r) => sum + credit(r), 0)
  const goal = Number(need.fundingGoal)
  return {
    goal: { amount: goal, currency: need.fundingCurrency },
    raised,
    pending,
    remaining: Math.max(0, goal - raised - pending),
    percent: Math.min(100, Math.floor((raised * 100) / goal)),
    sponsors: rows
      .filter((r) => r.status === 'paid')
      .map((r) => ({ name: r.payerOrg?.name ?? '', nameVi: r.payerOrg?.nameVi ?? null, orgKey: r.payerOrg?.key ?? null, amount: Number(r.amount), currency: r.currency, credit: credit(r) })),
  }
}

/** The funding of a need by its key, for its public page (null: no goal). */
export async function needFunding(needKey: string): Promise<FundingView | null> {
  const need = await prisma.need.findUnique({ where: { key: needKey }, select: { id: true } })
  return need ? fundingOf(prisma, need.id) : null
}

/** What a business has sponsored (paid contributions), for its public profile. */
export async function sponsorshipsBy(orgKey: string) {
  const rows = await prisma.payment.findMany({
    // Credited on needs the public can still see.
    where: { purpose: 'sponsorship', status: 'paid', payerOrg: { key: orgKey }, need: { hiddenAt: null, pendingReview: false } },
    orderBy: { paidAt: 'desc' },
    take: 50,
    select: { amount: true, currency: true, paidAt: true, need: { select: { key: true, title: true } } },
  })
  return rows
    .filter((r) => r.need)
    .map((r) => ({ needKey: r.need!.key, needTitle: r.need!.title, amount: Number(r.amount), currency: r.currency, paidAt: r.paidAt?.toISOString() ?? null }))
}

// ───────────────────────────── the sponsor page ─────────────────────────────

/** The businesses the user may sponsor for. */
function sponsorOrgs(user: CurrentUser) {
  return user.memberships.filter((m) => m.org.kind === 'business').map((m) => m.org)
}

async function sponsorableNeed(needKey: string | undefined) {
  const need = needKey
    ? await prisma.need.findUnique({
        where: { key: needKey },
        select: { id: true, key: true, title: true, status: true, pendingReview: true, hiddenAt: true, fundingGoal: true, fundingCurrency: true, org: { select: { name: true, nameVi: true } } },
      })
    : null
  // Not listed, or not seeking money: nothing to sponsor here.
  if (!need || !isListed(need) || !need.fundingGoal) throw new Response('Not Found', { status: 404 })
  return need
}

export async function sponsorPage(request: Request, needKey: string | undefined) {
  const user = await requirePermission(request, { signedIn: true })
  const need = await sponsorableNeed(needKey)
  const orgs = sponsorOrgs(user)
  return {
    need: { key: need.key, title: need.title, college: need.org },
    funding: await fundingOf(prisma, need.id),
    orgs: orgs.map((o) => ({ key: o.key, name: o.name, nameVi: o.nameVi })),
    // Every rail on offer; a bank transfer must then be in VND (the form says so).
    methods: availableMethods(),
    cardAvailable: availableMethods().includes('stripe_checkout'),
  }
}

type SponsorRefusal = 'not-a-business' | 'over-remaining' | 'funded' | 'no-rate' | 'method-unavailable'

const REFUSAL_KEYS: Record<SponsorRefusal, string> = {
  'not-a-business': 'payments.errors.notABusiness',
  'over-remaining': 'payments.errors.overRemaining',
  funded: 'payments.errors.funded',
  'no-rate': 'payments.errors.noRate',
  'method-unavailable': 'payments.errors.methodUnavailable',
}

export async function sponsorAction(request: Request, needKey: string | undefined) {
  const user = await requirePermission(request, { signedIn: true })
  const need = await sponsorableNeed(needKey)
  const lng = await getLanguage(request)
  const submission = parseWithZod(await readForm(request), { schema: SponsorSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), message: null }, { status: 400 })
  const form = submission.value
  const refuse = (refusal: SponsorRefusal, field?: string, values?: Record<string, string | number>) =>
    data(
      { result: field ? submission.reply({ fieldErrors: { [field]: [REFUSAL_KEYS[refusal]] } }) : submission.reply(), message: { key: REFUSAL_KEYS[refusal], values } },
      { status: refusal === 'not-a-business' ? 403 : 409 },
    )
  const orgs = sponsorOrgs(user)
  const org = form.orgKey ? orgs.find((o) => o.key === form.orgKey) : orgs[0]
  if (!org || viewerFrom(user)?.readOnly) return refuse('not-a-business')
  const money = contribution.of(form)!
  if (!methodsFor(money.currency).includes(form.method)) return refuse('method-unavailable', 'method')
  const goalCurrency = need.fundingCurrency as Currency
  const credit = await convertMinor(money.minor, money.currency, goalCurrency)
  if (credit === null) return refuse('no-rate', 'currency')

  const created = await prisma.$transaction(async (tx) => {
    // One contribution at a time per need: the remainder is read and taken together.
    await tx.$queryRaw`SELECT 1 FROM "Need" WHERE id = ${need.id} FOR UPDATE`
    const funding = (await fundingOf(tx, need.id))!
    if (funding.remaining <= 0) return { ok: false as const, refused: 'funded' as const, remaining: 0 }
    if (credit > funding.remaining) return { ok: false as const, refused: 'over-remaining' as const, remaining: funding.remaining }
    const payment = await createPayment(tx, {
      purpose: 'sponsorship',
      method: form.method,
      amount: money.minor,
      currency: money.currency,
      needId: need.id,
      payerOrgId: org.id,
      payerUserId: user.id,
      creditAmount: credit,
      creditCurrency: goalCurrency,
      ifUnfunded: form.ifUnfunded,
    })
    await recordAudit(tx, user.id, 'payment.start', 'Payment', payment.id, { needKey: need.key, amount: money.minor, currency: money.currency, method: form.method })
    return { ok: true as const, payment }
  })
  if (!created.ok) {
    return refuse(created.refused, created.refused === 'over-remaining' ? 'amount' : undefined, { remaining: formatMoney(created.remaining, goalCurrency, lng) })
  }
  return launchPayment(created.payment.id, form.method)
}
