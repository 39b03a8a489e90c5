import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect } from '@remix-run/node'
import { createHash } from 'node:crypto'
import { createEvent, type DateArray } from 'ics'
import { requirePermission, type CurrentUser } from '~/modules/accounts/permissions.server'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma, type Tx } from '~/modules/db/db.server'
import type { Prisma } from '~/generated/prisma/client'
import { todayInHanoi } from '~/modules/i18n/i18n'
import { getLanguage, getTFor } from '~/modules/i18n/i18n.server'
import { transition } from '~/modules/lifecycle/transition.server'
import { readOfferDetails } from '~/modules/listings/details'
import { calendarDate } from '~/modules/listings/listings.server'
import { calendarDay } from '~/modules/listings/view'
import { viewerFrom, type Viewer } from '~/modules/listings/visibility'
import { agreementKindFor, type AgreementKind } from '~/modules/listings/vocabulary'
import { workingDays } from '~/modules/money/units'
import { getEnv } from '~/modules/runtime/env.server'
import { readForm } from '~/modules/runtime/form.server'
import { AGREEMENT_LIFECYCLE, agreementActionsFor, reviewIsPublic, type AgreementSide, type AgreementStatus } from './agreement-lifecycle'
import { expertTotal, readAgreementDetails, settleTerms, termsFormValues, termsSchema } from './agreement-terms'
import { expertParty, needParty, offerParty, orgParty, partiesOf } from './parties'
import type { NotificationKind } from '~/modules/notifications/kinds'
import { notify } from '~/modules/notifications/notifications.server'
import { partyMembers, partyName, partyNames } from './parties.server'
import { AgreementPageSchema } from './schemas'

// Agreements: recorded when a proposal is accepted, with draft terms taken from the two
// listings and the proposal; both parties settle and confirm the terms, and either completes
// it (or its end date does). Then each reviews the other, blind until both have or
// REVIEW_BLIND_DAYS pass. Only the two parties (and admins, reading) see an agreement.

const DAY_MS = 86_400_000

// ───────────────────────────── recording ─────────────────────────────

type StoredMoney = { amount: number; currency: string }
const money = (amount: bigint | null | undefined, currency: string | null | undefined): StoredMoney | undefined =>
  amount !== null && amount !== undefined && currency ? { amount: Number(amount), currency } : undefined

/**
 * The agreement an acceptance creates, its terms drafted from what the two listings and the
 * proposal already say, for the parties to complete and confirm.
 */
export async function recordAgreement(tx: Tx, proposal: { id: string; needId: string; offerId: string; quantity: number | null; rateAmount: bigint | null; rateCurrency: string | null; ratePer: string | null; startDate: Date | null; endDate: Date | null }) {
  const need = await tx.need.findUniqueOrThrow({ where: { id: proposal.needId } })
  const offer = await tx.offer.findUniqueOrThrow({ where: { id: proposal.offerId } })
  const kind = agreementKindFor(need.kind, offer.kind)
  // The proposed dates, else where the two windows overlap.
  const startDate = proposal.startDate ?? new Date(Math.max(need.startDate.getTime(), offer.startDate.getTime()))
  const endDate = proposal.endDate ?? new Date(Math.min(need.endDate.getTime(), offer.endDate.getTime()))
  const drafts: Record<AgreementKind, () => { details: Record<string, unknown>; money?: StoredMoney }> = {
    placement: () => {
      const d = readOfferDetails('placement', offer.details)
      return { details: { site: d.siteAddress ?? d.site ?? '', supervisors: d.mentorContact ?? '' } }
    },
    equipment: () => {
      const d = readOfferDetails('equipment', offer.details)
      const arrangement = offer.equipmentTerms ?? need.acceptedTerms[0] ?? 'donate'
      return {
        details: {
          arrangement,
          condition: d.condition,
          deposit: d.deposit,
          fee: arrangement === 'lease' ? money(offer.priceAmount, offer.priceCurrency) : undefined,
        },
      }
    },
    expert: () => {
      const d = readOfferDetails('expert_service', offer.details)
      const rate = money(proposal.rateAmount, proposal.rateCurrency) ?? money(offer.priceAmount, offer.priceCurrency)
      const ratePer = (proposal.rateAmount !== null ? proposal.ratePer : offer.pricePer) ?? 'day'
      const per = ratePer === 'month' ? 'day' : (ratePer as 'hour' | 'day' | 'total')
      const days = need.days ?? workingDays(startDate, endDate)
      const shared = need.languages.filter((code) => offer.languages.includes(code))
      const mode = need.onSite ? 'onsite' : 'remote'
      return {
        details: { rate, ratePer: per, days, languages: shared.length ? shared : offer.languages, mode, workPermit: mode === 'onsite' ? d.workPermit : undefined },
        money: rate && ratePer !== 'month' ? { amount: expertTotal(rate.amount, per, days), currency: rate.currency } : undefined,
      }
    },
    training_order: () => {
      // A training order's standard is its skills and details; its end date is when the graduates are wanted.
      const d = readOfferDetails('training_order', offer.details)
      return {
        details: {
          standard: d.standard ?? offer.skills.join(', '),
          certificate: d.certificate,
          readyBy: calendarDay(offer.endDate),
          hires: offer.capacity ?? proposal.quantity ?? undefined,
        },
      }
    },
    sponsorship: () => ({ details: { purpose: need.title }, money: money(proposal.rateAmount, proposal.rateCurrency) ?? money(offer.priceAmount, offer.priceCurrency) }),
  }
  const draft = drafts[kind]()
  await tx.agreement.create({
    data: {
      proposalId: proposal.id,
      needId: need.id,
      offerId: offer.id,
      kind,
      quantity: proposal.quantity,
      amount: draft.money ? BigInt(draft.money.amount) : null,
      currency: draft.money?.currency ?? null,
      startDate,
      endDate,
      details: JSON.parse(JSON.stringify(draft.details)) as Prisma.InputJsonValue,
    },
  })
}

// ───────────────────────────── reading ─────────────────────────────

const agreementSelect = {
  id: true,
  proposalId: true,
  kind: true,
  status: true,
  quantity: true,
  amount: true,
  currency: true,
  startDate: true,
  endDate: true,
  details: true,
  terms: true,
  needConfirmedAt: true,
  offerConfirmedAt: true,
  completedAt: true,
  need: { select: { key: true, title: true, orgId: true } },
  offer: { select: { key: true, title: true, orgId: true, expertId: true } },
  reviews: { select: { authorParty: true, rating: true, body: true, createdAt: true } },
} satisfies Prisma.AgreementSelect
type AgreementRow = Prisma.AgreementGetPayload<{ select: typeof agreementSelect }>

function sidesOf(row: { need: { orgId: string }; offer: { orgId: string | null; expertId: string | null } }) {
  return { need: needParty(row.need), offer: offerParty(row.offer) }
}

/** The viewer's side of an agreement (null for admins and everyone else). */
function sideOf(viewer: Viewer | null, row: AgreementRow): AgreementSide | null {
  if (!viewer || viewer.readOnly) return null
  const mine = partiesOf(viewer) as string[]
  const sides = sidesOf(row)
  if (mine.includes(sides.need)) return 'need'
  if (mine.includes(sides.offer)) return 'offer'
  return null
}

/** The agreement, when the user is one of its parties or an admin; otherwise the 404 of one that does not exist. */
async function loadVisible(user: CurrentUser, id: string | undefined): Promise<{ row: AgreementRow; side: AgreementSide | null }> {
  const row = id ? await prisma.agreement.findUnique({ where: { id }, select: agreementSelect }) : null
  const viewer = viewerFrom(user)
  const side = row ? sideOf(viewer, row) : null
  if (!row || (!side && !viewer?.isAdmin)) throw new Response('Not Found', { status: 404 })
  return { row, side }
}

function termsOf(row: AgreementRow) {
  const terms = {
    startDate: row.startDate ? calendarDay(row.startDate) : null,
    endDate: row.endDate ? calendarDay(row.endDate) : null,
    notes: row.terms,
    quantity: row.quantity,
    money: money(row.amount, row.currency) ?? null,
    details: readAgreementDetails(row.details),
  }
  // What a party saw when they saved or confirmed: terms changed since are not theirs.
  const version = createHash('sha256').update(JSON.stringify(terms)).digest('base64url').slice(0, 22)
  return { ...terms, version }
}

/** Whether the stored terms pass the kind's form: both parties may confirm only complete terms. */
function termsComplete(row: AgreementRow): boolean {
  const values = termsFormValues(row.kind, termsOf(row), 'en')
  const form = new FormData()
  form.set('intent', 'terms')
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) value.forEach((item) => form.append(key, item))
    else if (value !== undefined) form.set(key, value)
  }
  return parseWithZod(form, { schema: termsSchema(row.kind) }).status === 'success'
}

export async function agreementPage(request: Request, id: string | undefined, now = new Date()) {
  const user = await requirePermission(request, { signedIn: true })
  const lng = await getLanguage(request)
  const { row, side } = await loadVisible(user, id)
  const sides = sidesOf(row)
  const names = await partyNames(prisma, [sides.need, sides.offer], lng)
  const mine = side ? sides[side] : null
  const myReview = row.reviews.find((r) => r.authorParty === mine) ?? null
  const theirs = row.reviews.find((r) => r.authorParty !== mine) ?? null
  const visible = reviewIsPublic({ completedAt: row.completedAt, reviewCount: row.reviews.length }, now)
  const terms = termsOf(row)
  const confirmedByMe = side === 'need' ? row.needConfirmedAt !== null : side === 'offer' ? row.offerConfirmedAt !== null : false
  const review = (r: (typeof row.reviews)[number] | null) => r && { rating: r.rating, body: r.body, createdAt: r.createdAt.toISOString() }
  return {
    agreement: {
      id: row.id,
      proposalId: row.proposalId,
      kind: row.kind as AgreementKind,
      status: row.status as AgreementStatus,
      need: { key: row.need.key, title: row.need.title, party: names.get(sides.need) ?? '' },
      offer: { key: row.offer.key, title: row.offer.title, party: names.get(sides.offer) ?? '' },
      ...terms,
      needConfirmedAt: row.needConfirmedAt?.toISOString() ?? null,
      offerConfirmedAt: row.offerConfirmedAt?.toISOString() ?? null,
      completedAt: row.completedAt?.toISOString() ?? null,
    },
    side,
    actions: agreementActionsFor(row.status as AgreementStatus, side, { confirmedByMe, reviewedByMe: myReview !== null }),
    termsComplete: termsComplete(row),
    formValues: termsFormValues(row.kind, terms, lng),
    reviews: {
      mine: review(myReview),
      // Admins read both; a party reads the other's once both wrote or the blind period ended.
      theirs: theirs && (visible || !side) ? review(theirs) : null,
      theirsWaiting: theirs !== null && !visible && side !== null,
      publicFrom: row.completedAt ? new Date(row.completedAt.getTime() + 14 * DAY_MS).toISOString() : null,
    },
  }
}
export type AgreementPageData = Awaited<ReturnType<typeof agreementPage>>

// ───────────────────────────── changing ─────────────────────────────

/** Tells the members of `parties` (in app, and by each one's channel) about the agreement; not the actor. */
async function tellParties(tx: Tx, row: AgreementRow, kind: NotificationKind, parties: string[], actorId: string | null) {
  const sides = sidesOf(row)
  for (const party of parties) {
    const counterpart = party === sides.need ? sides.offer : sides.need
    await notify(tx, {
      userIds: (await partyMembers(tx, party)).map((member) => member.id),
      kind,
      actorId: actorId ?? undefined,
      link: `/agreements/${row.id}`,
      params: async (recipient) => ({ counterpart: await partyName(tx, counterpart, recipient.locale) }),
    })
  }
}

export type AgreementError = 'not-allowed' | 'stale' | 'incomplete' | 'already-reviewed'

/** Saves new terms (draft only); both parties' confirmations start over. */
export async function saveTerms(user: CurrentUser, id: string, form: Record<string, unknown>): Promise<{ ok: true } | { ok: false; error: AgreementError }> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Agreement" WHERE id = ${id} FOR UPDATE`
    const row = await tx.agreement.findUniqueOrThrow({ where: { id }, select: agreementSelect })
    if (!sideOf(viewerFrom(user), row) || row.status !== 'draft') return { ok: false as const, error: 'not-allowed' as const }
    if (termsOf(row).version !== form.version) return { ok: false as const, error: 'stale' as const }
    const settled = settleTerms(row.kind, form)
    await tx.agreement.update({
      where: { id },
      data: {
        startDate: calendarDate(settled.startDate),
        endDate: calendarDate(settled.endDate),
        terms: settled.notes,
        quantity: row.kind === 'expert' || row.kind === 'sponsorship' ? row.quantity : settled.quantity,
        amount: settled.money ? BigInt(settled.money.amount) : null,
        currency: settled.money?.currency ?? null,
        details: JSON.parse(JSON.stringify(settled.details)) as Prisma.InputJsonValue,
        needConfirmedAt: null,
        needConfirmedById: null,
        offerConfirmedAt: null,
        offerConfirmedById: null,
      },
    })
    await recordAudit(tx, user.id, 'agreement.terms', 'Agreement', id, {})
    return { ok: true as const }
  })
}

/**
 * One party confirms the terms it was shown (`version`); the second confirmation moves the
 * agreement to confirmed through the lifecycle engine.
 */
export async function signAgreement(user: CurrentUser, id: string, version: string, now = new Date()): Promise<{ ok: true; status: AgreementStatus } | { ok: false; error: AgreementError }> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Agreement" WHERE id = ${id} FOR UPDATE`
    const row = await tx.agreement.findUniqueOrThrow({ where: { id }, select: agreementSelect })
    const side = sideOf(viewerFrom(user), row)
    if (!side || row.status !== 'draft') return { ok: false as const, error: 'not-allowed' as const }
    if (termsOf(row).version !== version) return { ok: false as const, error: 'stale' as const }
    if (!termsComplete(row)) return { ok: false as const, error: 'incomplete' as const }
    await tx.agreement.update({
      where: { id },
      data: side === 'need' ? { needConfirmedAt: now, needConfirmedById: user.id } : { offerConfirmedAt: now, offerConfirmedById: user.id },
    })
    await recordAudit(tx, user.id, 'agreement.sign', 'Agreement', id, { side })
    const bothSigned = (side === 'need' || row.needConfirmedAt !== null) && (side === 'offer' || row.offerConfirmedAt !== null)
    if (!bothSigned) return { ok: true as const, status: 'draft' as const }
    const outcome = await transition(tx, {
      lifecycle: AGREEMENT_LIFECYCLE,
      action: 'confirm',
      table: 'Agreement',
      id,
      actorId: user.id,
      auditName: 'agreement',
      load: async (tx) => tx.agreement.findUnique({ where: { id }, select: { status: true } }) as Promise<{ status: AgreementStatus } | null>,
      update: (tx, _row, status) => tx.agreement.update({ where: { id }, data: { status } }),
      events: (tx) => tellParties(tx, row, 'agreement.confirmed', Object.values(sidesOf(row)), user.id),
    })
    return outcome.ok ? { ok: true as const, status: outcome.to } : { ok: false as const, error: 'not-allowed' as const }
  })
}

/** Completes a confirmed agreement: by a party (`user`), or by the system after its end date (null). */
export async function completeAgreement(user: CurrentUser | null, id: string, now = new Date()): Promise<{ ok: true; changed: boolean } | { ok: false; error: AgreementError }> {
  const viewer = user ? viewerFrom(user) : null
  return prisma.$transaction(async (tx) => {
    const outcome = await transition(tx, {
      lifecycle: AGREEMENT_LIFECYCLE,
      action: 'complete',
      table: 'Agreement',
      id,
      actorId: user?.id ?? null,
      auditName: 'agreement',
      load: async (tx) => {
        const row = await tx.agreement.findUnique({ where: { id }, select: agreementSelect })
        return row && (!user || sideOf(viewer, row)) ? (row as AgreementRow & { status: AgreementStatus }) : null
      },
      update: (tx, _row, status) => tx.agreement.update({ where: { id }, data: { status, completedAt: now, completedById: user?.id ?? null } }),
      events: (tx, row) => tellParties(tx, row, 'agreement.completed', Object.values(sidesOf(row)), user?.id ?? null),
    })
    if (outcome.ok) return { ok: true as const, changed: outcome.changed }
    return { ok: false as const, error: 'not-allowed' as const }
  })
}

/**
 * Confirmed agreements whose end date has passed (in Hà Nội) complete, which opens their
 * reviews. Run by the `agreements.complete` schedule.
 */
export async function completeDueAgreements(now = new Date(), batch = 200): Promise<number> {
  const today = calendarDate(todayInHanoi(now))
  const due = await prisma.agreement.findMany({ where: { status: 'confirmed', endDate: { lt: today } }, select: { id: true }, take: batch, orderBy: { endDate: 'asc' } })
  let completed = 0
  for (const { id } of due) {
    const result = await completeAgreement(null, id, now)
    if (result.ok && result.changed) completed++
  }
  return completed
}

/** A party's review of the other, once the agreement is completed; one each. */
export async function submitReview(user: CurrentUser, id: string, review: { rating: number; body?: string }): Promise<{ ok: true } | { ok: false; error: AgreementError }> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Agreement" WHERE id = ${id} FOR UPDATE`
    const row = await tx.agreement.findUniqueOrThrow({ where: { id }, select: agreementSelect })
    const side = sideOf(viewerFrom(user), row)
    if (!side || row.status !== 'completed') return { ok: false as const, error: 'not-allowed' as const }
    const sides = sidesOf(row)
    const authorParty = sides[side]
    if (row.reviews.some((r) => r.authorParty === authorParty)) return { ok: false as const, error: 'already-reviewed' as const }
    await tx.review.create({
      data: { agreementId: id, authorParty, subjectParty: side === 'need' ? sides.offer : sides.need, authorId: user.id, rating: review.rating, body: review.body ?? '' },
    })
    await recordAudit(tx, user.id, 'agreement.review', 'Agreement', id, { rating: review.rating })
    await tellParties(tx, row, 'review.received', [side === 'need' ? sides.offer : sides.need], user.id)
    return { ok: true as const }
  })
}

const ERROR_KEYS: Record<AgreementError, string> = {
  'not-allowed': 'agreements.errors.notAllowed',
  stale: 'agreements.errors.stale',
  incomplete: 'agreements.errors.incomplete',
  'already-reviewed': 'agreements.errors.alreadyReviewed',
}

export async function agreementAction(request: Request, id: string | undefined) {
  const user = await requirePermission(request, { signedIn: true })
  const { row, side } = await loadVisible(user, id)
  if (!side) throw new Response('Forbidden', { status: 403 })
  const form = await readForm(request)
  const back = (done: string) => redirect(`/agreements/${row.id}?done=${done}`)
  const refused = (error: AgreementError, reply: unknown) => data({ result: reply, message: { key: ERROR_KEYS[error] } }, { status: 409 })
  if (form.get('intent') === 'terms') {
    const submission = parseWithZod(form, { schema: termsSchema(row.kind) })
    if (submission.status !== 'success') return data({ result: submission.reply(), message: null }, { status: 400 })
    const result = await saveTerms(user, row.id, submission.value)
    return result.ok ? back('terms') : refused(result.error, submission.reply())
  }
  const submission = parseWithZod(form, { schema: AgreementPageSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), message: null }, { status: 400 })
  const action = submission.value
  const result =
    action.intent === 'sign'
      ? await signAgreement(user, row.id, action.version)
      : action.intent === 'complete'
        ? await completeAgreement(user, row.id)
        : await submitReview(user, row.id, action)
  return result.ok ? back(action.intent) : refused(result.error, submission.reply())
}

// ───────────────────────────── calendar ─────────────────────────────

const dateArray = (day: string): DateArray => day.split('-').map(Number) as DateArray

/** The agreement's dates as an iCalendar all-day event, in the viewer's language. */
export async function agreementCalendar(request: Request, id: string | undefined): Promise<Response> {
  const user = await requirePermission(request, { signedIn: true })
  const lng = await getLanguage(request)
  const t = await getTFor(lng)
  const { row } = await loadVisible(user, id)
  if (!row.startDate || !row.endDate) throw new Response('Not Found', { status: 404 })
  const sides = sidesOf(row)
  const names = await partyNames(prisma, [sides.need, sides.offer], lng)
  // iCalendar all-day events end on the day after the last one.
  const end = new Date(row.endDate.getTime() + DAY_MS)
  const url = `${getEnv().appUrl}/agreements/${row.id}`
  const { error, value } = createEvent({
    uid: `agreement-${row.id}@caunoi`,
    productId: 'caunoi/agreements',
    title: t('agreements.calendar.title', { kind: t(`agreements.kind.${row.kind}`), need: row.need.title }),
    description: t('agreements.calendar.description', { need: names.get(sides.need) ?? '', offer: names.get(sides.offer) ?? '', url }),
    url,
    start: dateArray(calendarDay(row.startDate)),
    end: dateArray(calendarDay(end)),
    status: row.status === 'draft' ? 'TENTATIVE' : 'CONFIRMED',
  })
  if (error || !value) throw error ?? new Error('calendar event not built')
  return new Response(value, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="agreement-${row.id}.ics"`,
      'Cache-Control': 'private, no-store',
    },
  })
}

// ───────────────────────────── elsewhere ─────────────────────────────

/** The published reviews on an organisation's or expert's public profile (by its key). */
export async function profileReviews(owner: { orgKey: string } | { expertKey: string }, lng: string, now = new Date()) {
  const party =
    'orgKey' in owner
      ? await prisma.organization.findUnique({ where: { key: owner.orgKey }, select: { id: true } }).then((org) => org && orgParty(org.id))
      : await prisma.expertProfile.findUnique({ where: { key: owner.expertKey }, select: { id: true } }).then((expert) => expert && expertParty(expert.id))
  return party ? publicReviewsOf(party, lng, now) : { average: null, reviews: [] }
}

/** Reviews of a party that anyone may read (both written, or the blind period over), newest first. */
export async function publicReviewsOf(party: string, lng: string, now = new Date(), take = 20) {
  const rows = await prisma.review.findMany({
    where: { subjectParty: party },
    orderBy: { createdAt: 'desc' },
    take: take * 2,
    select: { rating: true, body: true, createdAt: true, authorParty: true, agreement: { select: { completedAt: true, _count: { select: { reviews: true } } } } },
  })
  const visible = rows.filter((r) => reviewIsPublic({ completedAt: r.agreement.completedAt, reviewCount: r.agreement._count.reviews }, now)).slice(0, take)
  const names = await partyNames(prisma, visible.map((r) => r.authorParty), lng)
  return {
    average: visible.length ? Math.round((visible.reduce((sum, r) => sum + r.rating, 0) / visible.length) * 10) / 10 : null,
    reviews: visible.map((r) => ({ rating: r.rating, body: r.body, createdAt: r.createdAt.toISOString(), author: names.get(r.authorParty) ?? '' })),
  }
}

/** The agreements of the viewer's parties, for dashboards: newest first. */
export async function agreementsOf(viewer: Viewer, lng: string, take = 20) {
  const orgIds = [...viewer.orgIds]
  const rows = await prisma.agreement.findMany({
    where: { OR: [{ need: { orgId: { in: orgIds } } }, { offer: { orgId: { in: orgIds } } }, ...(viewer.expertId ? [{ offer: { expertId: viewer.expertId } }] : [])] },
    orderBy: { createdAt: 'desc' },
    take,
    select: agreementSelect,
  })
  const names = await partyNames(prisma, rows.flatMap((r) => Object.values(sidesOf(r))), lng)
  return rows.map((row) => {
    const side = sideOf(viewer, row)
    const sides = sidesOf(row)
    return {
      id: row.id,
      kind: row.kind as AgreementKind,
      status: row.status as AgreementStatus,
      needTitle: row.need.title,
      offerTitle: row.offer.title,
      counterpart: names.get(side === 'need' ? sides.offer : sides.need) ?? '',
      startDate: row.startDate ? calendarDay(row.startDate) : null,
      endDate: row.endDate ? calendarDay(row.endDate) : null,
      awaitingMe: row.status === 'draft' && (side === 'need' ? !row.needConfirmedAt : !row.offerConfirmedAt),
    }
  })
}
