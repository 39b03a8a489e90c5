import { requirePermission, type CurrentUser } from '~/modules/accounts/permissions.server'
import { getLanguage, getT } from '~/modules/i18n/i18n.server'
import { UNVERIFIED_OPEN_LISTING_CAP } from '~/modules/moderation/moderation.server'
import { readListingFormData, type NewImage } from './images.server'
import { changeListingStatus, createNeed, createOffer, duplicateListing, updateNeed, updateOffer, type OfferOwner } from './listings.server'
import { applyManageForm, formContext, needValuesOf, offerValuesOf, requireExpertProfile, requireFormOrg, requireOwnedListing, requirePostingOrgs, saveListingForm } from './routes.server'
import { NEW_NEED_DEFAULTS, NEW_OFFER_DEFAULTS, needFormDefaults, offerFormDefaults, type FormDefaults } from './form-defaults'
import { needFormSchema, offerFormSchema, type NeedForm, type OfferForm } from './form-schemas'
import { NEED_KINDS, OFFER_KINDS, isNeedKind, isOfferKind, type NeedKind, type OfferKind } from './vocabulary'
import type { ListingType } from './view'

// The pages a listing's owner uses, for needs and offers alike (routes/$listings.new,
// $listings.$key.edit, $listings.$key.manage): what each page shows, and what its form does.
// Colleges post needs for one of their colleges; businesses post offers for one of their
// businesses; experts offer their services from their own profile.

type Kind = NeedKind | OfferKind

/** The kind named by `?kind=`, if it is one of this type's. */
function kindOf(type: ListingType, request: Request): Kind | null {
  const kind = new URL(request.url).searchParams.get('kind')
  return (type === 'need' ? isNeedKind(kind) : isOfferKind(kind)) ? (kind as Kind) : null
}

const BUSINESS_KINDS = OFFER_KINDS.filter((kind) => kind !== 'expert_service')

/** The offer kinds this user may post: a business's, and an expert's service. */
function offerKindsOf(user: CurrentUser): OfferKind[] {
  return [...(user.memberships.some((m) => m.org.kind === 'business') ? BUSINESS_KINDS : []), ...(user.expertProfile ? (['expert_service'] as const) : [])]
}

/**
 * The new-listing page: without `?kind=`, the kinds to choose from; with one, the form with
 * its defaults and the organisations the user may post for. Posting what the user may not
 * (a college posting offers, a user with no organisation) is refused as the permission
 * helper refuses a member of the wrong kind of organisation.
 */
export async function newListingPage(type: ListingType, request: Request) {
  const lng = await getLanguage(request)
  const t = await getT(request)
  const kind = kindOf(type, request)
  const page = {
    type,
    kind,
    kindLabel: kind ? (type === 'need' ? t(`browse.needKinds.${kind as NeedKind}`) : t(`browse.offerKinds.${kind as OfferKind}`)) : '',
    chooser: [] as readonly Kind[],
    orgs: [] as { key: string; name: string }[],
    foreignExpert: false,
    defaults: {} as FormDefaults,
    ...(await formContext(lng)),
  }
  if (kind === 'expert_service') {
    const { profile, foreignExpert } = await requireExpertProfile(request)
    return { ...page, foreignExpert, defaults: { ...NEW_OFFER_DEFAULTS.expert_service, languages: profile.languages } }
  }
  const orgKind = type === 'need' ? 'college' : 'business'
  if (kind) {
    const { orgs } = await requirePostingOrgs(request, orgKind, lng)
    const defaults = type === 'need' ? NEW_NEED_DEFAULTS[kind as NeedKind] : NEW_OFFER_DEFAULTS[kind as OfferKind]
    return { ...page, orgs: orgs.map(({ key, name }) => ({ key, name })), defaults: { orgKey: orgs[0]!.key, ...defaults } }
  }
  if (type === 'need') {
    await requirePostingOrgs(request, orgKind, lng)
    return { ...page, chooser: NEED_KINDS }
  }
  // Only an expert may choose without an organisation; anyone else must have a business.
  const chooser = offerKindsOf(await requirePermission(request, { signedIn: true }))
  if (chooser.length === 0) await requirePostingOrgs(request, orgKind, lng)
  return { ...page, chooser }
}

/** The new-listing form's submission: the listing's page, or the form with its errors. */
export async function saveNewListing(type: ListingType, request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  const kind = kindOf(type, request)
  if (!kind) throw new Response('Bad Request', { status: 400 })
  const publish = (intent: string | undefined) => intent !== 'draft'
  if (type === 'need') {
    const formData = await readListingFormData(request)
    const org = await requireFormOrg(request, formData, 'college')
    return saveListingForm({
      type,
      formData,
      schema: needFormSchema(kind as NeedKind, { mode: 'create' }),
      owner: org && { orgId: org.id },
      save: (owner, form, image) => createNeed({ actorId: user.id, owner, kind: kind as NeedKind, values: form.values, publish: publish(form.intent), image }),
    })
  }
  const expert = kind === 'expert_service' ? await requireExpertProfile(request) : null
  const formData = await readListingFormData(request)
  const org = expert ? null : await requireFormOrg(request, formData, 'business')
  const owner: OfferOwner | null = expert ? { expertId: expert.profile.id } : org ? { orgId: org.id } : null
  return saveListingForm({
    type,
    formData,
    schema: offerFormSchema(kind as OfferKind, { mode: 'create', foreignExpert: expert?.foreignExpert ?? false }),
    owner,
    save: (owner, form, image) => createOffer({ actorId: user.id, owner, kind: kind as OfferKind, values: form.values, publish: publish(form.intent), image }),
  })
}

/** The edit page of a listing the user owns: its values as the form's defaults. */
export async function editListingPage(type: ListingType, request: Request, key: string | undefined) {
  const owned = await requireOwnedListing(type, request, key)
  const lng = await getLanguage(request)
  const { listing } = owned
  return {
    type,
    key: listing.key,
    kind: listing.kind,
    title: listing.title,
    open: listing.status === 'open',
    foreignExpert: owned.foreignExpert,
    defaults: owned.type === 'need' ? needFormDefaults(owned.listing.kind, needValuesOf(owned.listing), lng) : offerFormDefaults(owned.listing.kind, offerValuesOf(owned.listing), lng),
    images: listing.images,
    ...(await formContext(lng)),
  }
}

/** The edit form's submission. */
export async function saveListingEdit(type: ListingType, request: Request, key: string | undefined) {
  const owned = await requireOwnedListing(type, request, key)
  const formData = await readListingFormData(request)
  const options = { mode: 'edit' as const, open: owned.listing.status === 'open', foreignExpert: owned.foreignExpert }
  const edit = (form: NeedForm | OfferForm, image: NewImage | null) => ({ actorId: owned.user.id, id: owned.listing.id, image, removeImageIds: form.removeImages ?? [] })
  if (owned.type === 'need') {
    const schema = needFormSchema(owned.listing.kind, options)
    return saveListingForm({ type, formData, schema, owner: owned.owner, savedOccupations: owned.listing.occupations, save: (owner, form, image) => updateNeed({ ...edit(form, image), owner, values: form.values }) })
  }
  const schema = offerFormSchema(owned.listing.kind, options)
  return saveListingForm({ type, formData, schema, owner: owned.owner, savedOccupations: owned.listing.occupations, save: (owner, form, image) => updateOffer({ ...edit(form, image), owner, values: form.values }) })
}

/** The manage page: the listing's status and the owner's controls. */
export async function manageListingPage(type: ListingType, request: Request, key: string | undefined) {
  const { listing } = await requireOwnedListing(type, request, key)
  return { type, key: listing.key, title: listing.title, status: listing.status, openCap: UNVERIFIED_OPEN_LISTING_CAP }
}

/**
 * A manage button: publish (draft → open), close, reopen, fill or duplicate. Success goes
 * back where the button was; a refusal (e.g. the open-listing cap) is shown with the controls.
 */
export async function applyManageButton(type: ListingType, request: Request, key: string | undefined) {
  const { user, listing, owned } = await requireOwnedListing(type, request, key)
  return applyManageForm(request, type, listing.key, (intent) =>
    intent === 'duplicate' ? duplicateListing({ ...owned, actorId: user.id }) : changeListingStatus({ ...owned, actorId: user.id, action: intent }),
  )
}
