import type { EquipmentTerms, ListingStatus, NeedKind, OfferKind, OrgKind, PriceUnit } from '~/generated/prisma/enums'

// What listing pages send to the browser: plain JSON (no BigInt, no Date), shared by the
// server that builds it and the components that show it (app/components/listings.tsx).

export type ListingType = 'need' | 'offer'

/** An amount in minor units (Number()-converted at the server boundary) with its currency. */
export type MoneyView = { amount: number; currency: string; per: PriceUnit | null }

/** Who posted a listing: an organisation (/orgs/{key}) or an expert (/experts/{key}). */
export type OwnerView = {
  type: 'org' | 'expert'
  key: string
  /** English (or only) name */
  name: string
  /** Vietnamese name, organisations only */
  nameVi: string | null
  verified: boolean
  district: string | null
  orgKind: OrgKind | null
}

export type ListingSummary = {
  type: ListingType
  key: string
  kind: NeedKind | OfferKind
  title: string
  occupations: string[]
  languages: string[]
  /** "YYYY-MM-DD" */
  startDate: string
  endDate: string
  status: ListingStatus
  pendingReview: boolean
  hidden: boolean
  /** students, units or experts wanted (need) or places/units offered (offer); null when not stated */
  quantity: number | null
  /** budget (need) or price (offer) */
  money: MoneyView | null
  remote: boolean
  owner: OwnerView
}

/** One kind-specific detail; `path` is the key inside `details` ("mentor.phone" → ["mentor", "phone"]). */
export type DetailEntry = { path: string[]; value: string | number | boolean | string[] | DetailMoney }
/** Money inside `details` (e.g. an equipment loan's deposit), in minor units. */
export type DetailMoney = { amount: number; currency: string }

export type ImageView = { id: string; alt: string; width: number | null; height: number | null }

export type ListingDetail = ListingSummary & {
  description: string
  /** the occupations named in the other language (Vietnamese ↔ English) */
  occupationsOther: string[]
  skills: string[]
  /** equipment needs: donation, loan and/or lease accepted */
  acceptedTerms: EquipmentTerms[]
  /** equipment offers */
  equipmentTerms: EquipmentTerms | null
  /** equipment needs */
  estimatedValue: MoneyView | null
  fundingGoal: MoneyView | null
  details: DetailEntry[]
  /** contact details; null when this viewer may not see them */
  contacts: DetailEntry[] | null
  /** the owning organisation's address; null when absent or not for this viewer */
  ownerAddress: string | null
  /** shown to the owner and admins only */
  hiddenReason: string | null
  images: ImageView[]
  createdAt: string
}

/** What the viewer may do on a listing's page. */
export type ListingAccess = {
  signedIn: boolean
  canManage: boolean
  canReport: boolean
  /** a signed-in party that does not own it, on a listed (open, public) listing */
  canPropose: boolean
  canSeeContacts: boolean
}

/** The first segment of listings' URLs: /needs/{key}, /offers/{key}. */
const SEGMENT = { need: 'needs', offer: 'offers' } as const satisfies Record<ListingType, string>

export function listingPath(type: ListingType, key: string): string {
  return `/${SEGMENT[type]}/${key}`
}

/** The listing type a URL's first segment names (the `$listings` routes' parameter), or null. */
export function listingTypeOfSegment(segment: string | undefined): ListingType | null {
  return segment === SEGMENT.need ? 'need' : segment === SEGMENT.offer ? 'offer' : null
}

export function ownerPath(owner: Pick<OwnerView, 'type' | 'key'>): string {
  return `${owner.type === 'org' ? '/orgs' : '/experts'}/${owner.key}`
}

/** "YYYY-MM-DD" of a `@db.Date` column (read back as UTC midnight). */
export function calendarDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}
