import { Link, useMatches } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { EquipmentTerms, ListingStatus, NeedKind, OfferKind, PriceUnit } from '~/generated/prisma/enums'
import { formatDate, isLanguage, type Language } from '~/modules/i18n/i18n'
import { listingPath, ownerPath, type ListingSummary, type ListingType, type OwnerView } from '~/modules/listings/view'
import { formatMoney, isCurrency } from '~/utils/money'

// Building blocks for showing listings, shared by browsing, detail pages, profiles,
// dashboards and moderation. Props are plain JSON (see ~/modules/listings/view.ts).

const INTL_LOCALE: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' }

/** The viewer's language, as set by the root loader. */
export function useLanguage(): Language {
  const { i18n } = useTranslation()
  return isLanguage(i18n.language) ? i18n.language : 'vi'
}

function Badge({ className, title, children }: { className: string; title?: string; children: ReactNode }) {
  return (
    <span title={title} className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${className}`}>
      {children}
    </span>
  )
}

export function VerifiedBadge() {
  const { t } = useTranslation()
  return (
    <Badge className="bg-emerald-100 text-emerald-800" title={t('browse.trust.verifiedTitle')}>
      <span aria-hidden="true">✓</span>
      {t('browse.trust.verified')}
    </Badge>
  )
}

export function UnverifiedBadge() {
  const { t } = useTranslation()
  return (
    <Badge className="bg-amber-100 text-amber-900" title={t('browse.trust.unverifiedTitle')}>
      <span aria-hidden="true">!</span>
      {t('browse.trust.unverified')}
    </Badge>
  )
}

/** VerifiedBadge or UnverifiedBadge. */
export function TrustBadge({ verified }: { verified: boolean }) {
  return verified ? <VerifiedBadge /> : <UnverifiedBadge />
}

/** The listing's state; a hidden or waiting listing shows that instead of its status. */
export function StatusBadge({ status, pendingReview = false, hidden = false }: { status: ListingStatus; pendingReview?: boolean; hidden?: boolean }) {
  const { t } = useTranslation()
  if (hidden) return <Badge className="bg-red-100 text-red-800">{t('browse.status.hidden')}</Badge>
  if (pendingReview) return <Badge className="bg-amber-100 text-amber-900">{t('browse.status.pendingReview')}</Badge>
  const tones: Record<ListingStatus, string> = {
    draft: 'bg-slate-200 text-slate-700',
    open: 'bg-brand-100 text-brand-800',
    closed: 'bg-slate-200 text-slate-700',
    filled: 'bg-sky-100 text-sky-800',
    expired: 'bg-slate-200 text-slate-700',
  }
  return <Badge className={tones[status]}>{t(`browse.status.${status}`)}</Badge>
}

/** "Thực tập", "Dịch vụ chuyên gia"… */
export function useKindLabel(): (type: ListingType, kind: NeedKind | OfferKind) => string {
  const { t } = useTranslation()
  return (type, kind) => (type === 'need' ? t(`browse.needKinds.${kind as NeedKind}`) : t(`browse.offerKinds.${kind as OfferKind}`))
}

export function KindBadge({ type, kind }: { type: ListingType; kind: NeedKind | OfferKind }) {
  const kindLabel = useKindLabel()
  return <Badge className="bg-indigo-50 text-indigo-800">{kindLabel(type, kind)}</Badge>
}

/** An amount in minor units, formatted in the viewer's language, e.g. "450,00 US$/ngày". */
export function MoneyText({ amount, currency, per = null }: { amount: number; currency: string; per?: PriceUnit | null }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const formatted = isCurrency(currency) ? formatMoney(amount, currency, lng) : `${amount} ${currency}`
  if (!per) return <span>{formatted}</span>
  return <span>{per === 'total' ? `${formatted} ${t('browse.per.total')}` : `${formatted}${t(`browse.per.${per}`)}`}</span>
}

/** Two calendar dates ("YYYY-MM-DD" or Date) in the viewer's language. */
export function DateRange({ start, end }: { start: string | Date; end: string | Date }) {
  const lng = useLanguage()
  return (
    <span>
      {formatDate(start, lng)} – {formatDate(end, lng)}
    </span>
  )
}

export function Chips({ items, tone = 'slate' }: { items: readonly string[]; tone?: 'slate' | 'brand' }) {
  if (items.length === 0) return null
  const className = tone === 'brand' ? 'bg-brand-50 text-brand-800 ring-brand-100' : 'bg-slate-100 text-slate-700 ring-slate-200'
  return (
    <ul className="flex flex-wrap gap-1.5">
      {items.map((item) => (
        <li key={item} className={`rounded-full px-2.5 py-0.5 text-xs ring-1 ${className}`}>
          {item}
        </li>
      ))}
    </ul>
  )
}

/**
 * Occupation names in the viewer's language where the taxonomy knows them: the page's loader
 * adds them as `occupationNames` (withOccupationNames in the taxonomy module), read here from
 * every matched route's data.
 */
export function useOccupationName(): (text: string) => string {
  const names: Record<string, string> = {}
  for (const match of useMatches()) {
    const data = match.data as { occupationNames?: Record<string, string> } | null | undefined
    if (data && typeof data === 'object' && data.occupationNames) Object.assign(names, data.occupationNames)
  }
  return (text) => names[text] ?? text
}

export function OccupationChips({ occupations }: { occupations: readonly string[] }) {
  const nameOf = useOccupationName()
  // The same occupation written two ways ("Hàn", "Welding") is one chip.
  return <Chips items={[...new Set(occupations.map(nameOf))]} tone="brand" />
}

export function SkillChips({ skills }: { skills: readonly string[] }) {
  return <Chips items={skills} />
}

function displayName(type: 'language' | 'region', code: string, lng: Language): string {
  try {
    return new Intl.DisplayNames([INTL_LOCALE[lng]], { type }).of(code) ?? code
  } catch {
    return code // not a well-formed code: show it as stored
  }
}

/** "en" → "tiếng Anh" (vi) / "English" (en). */
export function languageName(code: string, lng: Language): string {
  return displayName('language', code, lng)
}

/** "DE" → "Đức" (vi) / "Germany" (en). */
export function countryName(code: string, lng: Language): string {
  return displayName('region', code, lng)
}

/** ISO 639-1 codes as names in the viewer's language, comma-separated. */
export function LanguageNames({ codes }: { codes: readonly string[] }) {
  const lng = useLanguage()
  return <span>{codes.map((code) => languageName(code, lng)).join(', ')}</span>
}

export function WorkMode({ remote }: { remote: boolean }) {
  const { t } = useTranslation()
  return <span>{remote ? t('browse.card.remote') : t('browse.card.onSite')}</span>
}

export function EquipmentTermsText({ terms }: { terms: readonly EquipmentTerms[] }) {
  const { t } = useTranslation()
  return <span>{terms.map((term) => t(`browse.terms.${term}`)).join(', ')}</span>
}

/** The owner's name in the viewer's language. */
export function ownerName(owner: Pick<OwnerView, 'name' | 'nameVi'>, lng: Language): string {
  return lng === 'vi' ? (owner.nameVi ?? owner.name) : owner.name
}

/** The organisation or expert, linking to their profile, with their verified/unverified badge. */
export function OwnerLink({ owner }: { owner: OwnerView }) {
  const lng = useLanguage()
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Link to={ownerPath(owner)}>{ownerName(owner, lng)}</Link>
      <TrustBadge verified={owner.verified} />
    </span>
  )
}

/** "Số sinh viên" / "Places"… for the listing's quantity or capacity. */
export function useQuantityLabel(): (type: ListingType, kind: NeedKind | OfferKind) => string {
  const { t } = useTranslation()
  return (type, kind) => (type === 'need' ? t(`browse.quantity.need.${kind as NeedKind}`) : t(`browse.quantity.offer.${kind as OfferKind}`))
}

/** "Ngân sách" / "Rate"… for the listing's budget or price. */
export function useMoneyLabel(): (type: ListingType, kind: NeedKind | OfferKind) => string {
  const { t } = useTranslation()
  return (type, kind) => (type === 'need' ? t('browse.money.need') : t(`browse.money.offer.${kind as OfferKind}`))
}

type CardOptions = {
  /** always show the status badge (lists that mix states); otherwise only when not simply open */
  showStatus?: boolean
  /** false on the owner's own profile, where every card would repeat it */
  showOwner?: boolean
}

/**
 * A listing in a list: title linking to its page, kind, status, owner with trust badge,
 * dates, occupations, quantity, money, work mode and languages. `children` go at the
 * bottom (e.g. a dashboard's own buttons).
 */
export function ListingCard({ listing, showStatus = false, showOwner = true, children }: { listing: ListingSummary; children?: ReactNode } & CardOptions) {
  const { t } = useTranslation()
  const quantityLabel = useQuantityLabel()
  const moneyLabel = useMoneyLabel()
  return (
    <article className="flex h-full flex-col gap-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-center gap-2">
        <KindBadge type={listing.type} kind={listing.kind} />
        {(showStatus || listing.status !== 'open' || listing.pendingReview || listing.hidden) && (
          <StatusBadge status={listing.status} pendingReview={listing.pendingReview} hidden={listing.hidden} />
        )}
      </div>
      <h3 className="text-base font-semibold leading-snug">
        <Link to={listingPath(listing.type, listing.key)}>{listing.title}</Link>
      </h3>
      {showOwner && (
        <div className="space-y-0.5 text-sm">
          <OwnerLink owner={listing.owner} />
          {listing.owner.district && <p className="text-slate-500">{listing.owner.district}</p>}
        </div>
      )}
      <OccupationChips occupations={listing.occupations} />
      <dl className="mt-auto grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm text-slate-700">
        <dt className="text-slate-500">{t('browse.detail.dates')}</dt>
        <dd>
          <DateRange start={listing.startDate} end={listing.endDate} />
        </dd>
        {listing.quantity !== null && (
          <>
            <dt className="text-slate-500">{quantityLabel(listing.type, listing.kind)}</dt>
            <dd>{listing.quantity}</dd>
          </>
        )}
        {listing.money && (
          <>
            <dt className="text-slate-500">{moneyLabel(listing.type, listing.kind)}</dt>
            <dd>
              <MoneyText {...listing.money} />
            </dd>
          </>
        )}
        <dt className="text-slate-500">{t('browse.detail.workMode')}</dt>
        <dd>
          <WorkMode remote={listing.remote} />
        </dd>
        {listing.languages.length > 0 && (
          <>
            <dt className="text-slate-500">{t('browse.card.languages')}</dt>
            <dd>
              <LanguageNames codes={listing.languages} />
            </dd>
          </>
        )}
      </dl>
      {children}
    </article>
  )
}

/** A responsive grid of ListingCards. */
export function ListingGrid({ listings, ...options }: { listings: readonly ListingSummary[] } & CardOptions) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {listings.map((listing) => (
        <li key={`${listing.type}-${listing.key}`}>
          <ListingCard listing={listing} {...options} />
        </li>
      ))}
    </ul>
  )
}
