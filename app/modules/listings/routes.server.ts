import { parseWithZod } from '@conform-to/zod/v4'
import { readForm } from '~/modules/runtime/form.server'
import { data, redirect } from '@remix-run/node'
import type { $ZodType } from 'zod/v4/core'
import type { Need, Offer } from '~/generated/prisma/client'
import { requirePermission, type CurrentUser } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import type { Language } from '~/modules/i18n/i18n'
import { UNVERIFIED_OPEN_LISTING_CAP } from '~/modules/moderation/moderation.server'
import { occupationSuggestions, skillSuggestions } from '~/modules/taxonomy/taxonomy.server'
import { unknownOccupations } from '~/modules/taxonomy/unknown-terms.server'
import { isCurrency, type Currency } from '~/utils/money'
import { safeRedirect } from '~/utils/redirect'
import { readUploadedImage, type NewImage } from './images.server'
import type { ListingFailure, ListingResult, OwnedListing } from './listings.server'
import type { NeedForm, OfferForm } from './form-schemas'
import { isManageIntent, type ManageIntent } from './lifecycle'
import type { NeedValues, OfferValues } from './values'
import type { PriceUnit } from './vocabulary'
import { calendarDay, listingPath, listingTypeOfSegment, type ListingType } from './view'

// What the listing routes (new, edit, manage) share: finding the listing the signed-in user
// owns, reading and answering the form, and the data every form page needs.

/** Conform's parse; a forged `__intent__` (not JSON) is a bad request, not a crash. */
function parseSubmission<S extends $ZodType>(formData: FormData, schema: S) {
  try {
    return parseWithZod(formData, { schema })
  } catch {
    throw new Response('Bad Request', { status: 400 })
  }
}

/** A domain refusal as the form's errors: next to its field, or above the form. */
function refusalErrors(failure: ListingFailure) {
  return failure.field ? { fieldErrors: { [failure.field]: [failure.error] } } : { formErrors: [failure.error] }
}

const notFound = () => new Response('Not Found', { status: 404 })

/** The listing type of a `$listings` route (/needs/…, /offers/…); any other segment is not found. */
export function requireListingType(segment: string | undefined): ListingType {
  const type = listingTypeOfSegment(segment)
  if (!type) throw notFound()
  return type
}

/**
 * A new or edit form's submission, saved by `save` through the domain; then the listing's
 * page. Anything refused goes back to the form, each error next to its field (a listing
 * gone meanwhile: 404).
 */
export async function saveListingForm<Form extends NeedForm | OfferForm, Owner>(input: {
  type: ListingType
  formData: FormData
  schema: $ZodType<Form>
  /** null: a new listing's form named no posting organisation */
  owner: Owner | null
  save: (owner: Owner, form: Form, image: NewImage | null) => Promise<ListingResult>
  /** edit: the occupations the listing already has (asked about when they were first saved) */
  savedOccupations?: readonly string[]
}) {
  const submission = parseSubmission(input.formData, input.schema)
  // The form again, errors next to the fields; without the picture, which a file input cannot take back.
  const unsaved = (errors?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }, status = 400) =>
    data({ result: submission.reply({ ...errors, hideFields: ['image'] }) }, { status })
  if (submission.status !== 'success') return unsaved(undefined, submission.status === 'error' ? 400 : 200)
  if (input.owner === null) return unsaved({ fieldErrors: { orgKey: ['validation.choose'] } })
  // Occupations the taxonomy does not know: the nearest known ones first, unless the poster keeps their own.
  if (input.formData.get('keepOccupations') !== 'on') {
    const named = submission.value.values.occupations.filter((text) => !input.savedOccupations?.includes(text))
    const unknown = await unknownOccupations(named)
    if (unknown.length) {
      return data(
        { result: submission.reply({ fieldErrors: { occupations: ['listings.validation.unknownOccupation'] }, hideFields: ['image'] }), unknownOccupations: unknown },
        { status: 400 },
      )
    }
  }
  const image = await uploadedImage(submission.value)
  if (image === null) return unsaved({ fieldErrors: { image: ['listings.validation.imageType'] } })
  const result = await input.save(input.owner, submission.value, image ?? null)
  if (!result.ok) {
    if (result.error === 'listings.errors.notFound') throw notFound()
    return unsaved(refusalErrors(result))
  }
  return redirect(listingPath(input.type, result.key))
}

/**
 * A manage form's button (`intent`), done by `apply`. Then back where the button was, or to
 * a duplicate's edit form; a refusal is shown by the manage page (409: the listing's state
 * does not allow it).
 */
export async function applyManageForm(request: Request, type: ListingType, listingKey: string, apply: (intent: ManageIntent) => Promise<ListingResult>) {
  const formData = await readForm(request).catch(() => {
    throw new Response('Bad Request', { status: 400 })
  })
  const intent = formData.get('intent')
  if (!isManageIntent(intent)) throw new Response('Bad Request', { status: 400 })
  const result = await apply(intent)
  if (!result.ok) {
    if (result.error === 'listings.errors.notFound') throw notFound()
    return data({ error: result.error }, { status: 409 })
  }
  return redirect(intent === 'duplicate' ? `${listingPath(type, result.key)}/edit` : safeRedirect(formData.get('redirectTo'), listingPath(type, listingKey)))
}

// ───────────────────────────── who posts ─────────────────────────────

export type PostingOrg = { id: string; key: string; name: string }

function orgName(org: { name: string; nameVi: string | null }, lng: Language) {
  return lng === 'vi' ? (org.nameVi ?? org.name) : org.name
}

/**
 * The user's organisations of `kind` (colleges post needs, businesses post offers). None:
 * refused the way the permission helper refuses a member of the wrong kind of organisation.
 */
export async function requirePostingOrgs(request: Request, kind: 'college' | 'business', lng: Language): Promise<{ user: CurrentUser; orgs: PostingOrg[] }> {
  const user = await requirePermission(request, { signedIn: true })
  const orgs = user.memberships.filter((m) => m.org.kind === kind).map((m) => ({ id: m.org.id, key: m.org.key, name: orgName(m.org, lng) }))
  if (orgs.length === 0) {
    const first = user.memberships[0]
    if (first) await requirePermission(request, { org: first.org.id, kind })
    throw new Response('Forbidden', { status: 403 })
  }
  return { user, orgs }
}

/** The organisation named by the form's `orgKey`, checked with the permission helper (404 for others', 403 for the wrong kind). */
export async function requireFormOrg(request: Request, formData: FormData, kind: 'college' | 'business') {
  const key = formData.get('orgKey')
  if (typeof key !== 'string' || key === '') return null
  const org = await prisma.organization.findUnique({ where: { key }, select: { id: true, key: true } })
  if (!org) throw notFound()
  await requirePermission(request, { org: org.id, kind })
  return org
}

/** The expert profile behind an expert service; users without one may not post services. */
export async function requireExpertProfile(request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  if (!user.expertProfile) throw new Response('Forbidden', { status: 403 })
  const profile = await prisma.expertProfile.findUniqueOrThrow({ where: { id: user.expertProfile.id }, select: { id: true, country: true, languages: true } })
  await requirePermission(request, { expert: profile.id })
  return { user, profile, foreignExpert: profile.country !== 'VN' }
}

// ───────────────────────────── the listing a user owns ─────────────────────────────

const withImages = { images: { select: { id: true, alt: true }, orderBy: { createdAt: 'asc' as const } } }

/** The need with this key, if the user is a member of its college; 404 otherwise. */
export async function requireOwnedNeed(request: Request, key: string | undefined) {
  const need = key ? await prisma.need.findUnique({ where: { key }, include: withImages }) : null
  if (!need) throw notFound()
  const user = await requirePermission(request, { org: need.orgId, kind: 'college' })
  return { user, need, owner: { orgId: need.orgId } }
}

/** The offer with this key, if the user is a member of its business or is its expert; 404 otherwise. */
export async function requireOwnedOffer(request: Request, key: string | undefined) {
  const offer = key ? await prisma.offer.findUnique({ where: { key }, include: { ...withImages, expert: { select: { country: true } } } }) : null
  if (!offer) throw notFound()
  if (offer.expertId) {
    const user = await requirePermission(request, { expert: offer.expertId })
    return { user, offer, owner: { expertId: offer.expertId }, foreignExpert: offer.expert?.country !== 'VN' }
  }
  if (!offer.orgId) throw notFound()
  const user = await requirePermission(request, { org: offer.orgId, kind: 'business' })
  return { user, offer, owner: { orgId: offer.orgId }, foreignExpert: false }
}

/** The listing of `type` with this key that the user may change (see the two above); 404 otherwise. */
export async function requireOwnedListing(type: ListingType, request: Request, key: string | undefined) {
  if (type === 'need') {
    const { user, need, owner } = await requireOwnedNeed(request, key)
    const owned: OwnedListing = { type, owner, id: need.id }
    return { type, user, listing: need, owner, owned, foreignExpert: false } as const
  }
  const { user, offer, owner, foreignExpert } = await requireOwnedOffer(request, key)
  const owned: OwnedListing = { type, owner, id: offer.id }
  return { type, user, listing: offer, owner, owned, foreignExpert } as const
}

// ───────────────────────────── form data ─────────────────────────────

const currencyOrNull = (code: string | null): Currency | null => (code && isCurrency(code) ? code : null)
const amount = (value: bigint | null) => (value === null ? null : Number(value))

/** A saved need as plain values (no BigInt, no Date) for its edit form. */
export function needValuesOf(need: Need): NeedValues {
  return {
    title: need.title,
    description: need.description,
    occupations: need.occupations,
    occupationsOther: need.occupationsOther,
    skills: need.skills,
    quantity: need.quantity,
    startDate: calendarDay(need.startDate),
    endDate: calendarDay(need.endDate),
    budgetAmount: amount(need.budgetAmount),
    budgetCurrency: currencyOrNull(need.budgetCurrency),
    budgetPer: need.budgetPer as PriceUnit | null,
    days: need.days,
    languages: need.languages,
    onSite: need.onSite,
    fundingGoal: amount(need.fundingGoal),
    fundingCurrency: currencyOrNull(need.fundingCurrency),
    acceptedTerms: need.acceptedTerms,
    estimatedValue: amount(need.estimatedValue),
    details: (need.details ?? {}) as NeedValues['details'],
  }
}

export function offerValuesOf(offer: Offer): OfferValues {
  return {
    title: offer.title,
    description: offer.description,
    occupations: offer.occupations,
    occupationsOther: offer.occupationsOther,
    skills: offer.skills,
    capacity: offer.capacity,
    startDate: calendarDay(offer.startDate),
    endDate: calendarDay(offer.endDate),
    priceAmount: amount(offer.priceAmount),
    priceCurrency: currencyOrNull(offer.priceCurrency),
    pricePer: offer.pricePer as PriceUnit | null,
    equipmentTerms: offer.equipmentTerms,
    languages: offer.languages,
    remote: offer.remote,
    details: (offer.details ?? {}) as OfferValues['details'],
  }
}

/** Suggestions and limits every listing form shows. */
export async function formContext(lng: Language) {
  const [occupations, skills] = await Promise.all([occupationSuggestions(lng), skillSuggestions()])
  return { suggestions: { occupations, skills }, openCap: UNVERIFIED_OPEN_LISTING_CAP }
}

/** The form's picture, checked by its bytes: `undefined` when none was sent, `null` when it is not an image. */
async function uploadedImage(form: NeedForm | OfferForm): Promise<NewImage | null | undefined> {
  if (!form.image) return undefined
  return readUploadedImage(form.image, form.imageAlt ?? '')
}
