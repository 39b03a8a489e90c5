import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Notice } from '~/components/forms'
import {
  DateRange,
  EquipmentTermsText,
  KindBadge,
  LanguageNames,
  MoneyText,
  OccupationChips,
  OwnerLink,
  SkillChips,
  StatusBadge,
  useLanguage,
  useMoneyLabel,
  useQuantityLabel,
  WorkMode,
} from '~/components/listings'
import { MatchesSection, NotMatchableNote } from '~/components/matches'
import { formatDate } from '~/modules/i18n/i18n'
import { listingPath, type DetailEntry, type ListingAccess, type ListingDetail } from '~/modules/listings/view'
import type { ListingMatches } from '~/modules/matching/match-view'

// The page of one need or offer (/needs/{key}, /offers/{key}): everything public about
// it, contact details for those allowed, the owner's controls or the way to report it.

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </>
  )
}

/** "supervisorContact" → "Supervisor contact"; "mentor.phone" → "Mentor · phone". */
function humanise(path: string[]): string {
  const words = path.map((segment) => segment.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase())
  const text = words.join(' · ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Details are labelled by `listings.details.<key>` when the listing forms define it. */
function useDetailLabel(): (path: string[]) => string {
  const { t, i18n } = useTranslation()
  return (path) => {
    const key = `listings.details.${path.join('.')}`
    return i18n.exists(key) ? (t(key as never) as string) : humanise(path)
  }
}

/** Details whose stored value is a code, and where the listing forms name the codes. */
const CODE_LABELS: Record<string, string> = { condition: 'listings.conditions', workPermit: 'listings.workPermits' }

function DetailValue({ entry }: { entry: DetailEntry }) {
  const { t, i18n } = useTranslation()
  const { value } = entry
  if (typeof value === 'boolean') return <>{value ? t('browse.detail.yes') : t('browse.detail.no')}</>
  if (Array.isArray(value)) return <>{value.join(', ')}</>
  if (typeof value === 'object') return <MoneyText amount={value.amount} currency={value.currency} />
  const codes = CODE_LABELS[entry.path.at(-1) ?? '']
  const codeKey = `${codes}.${String(value)}`
  return <>{codes && i18n.exists(codeKey) ? (t(codeKey as never) as string) : String(value)}</>
}

function DetailList({ entries }: { entries: DetailEntry[] }) {
  const label = useDetailLabel()
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
      {entries.map((entry) => (
        <Fact key={entry.path.join('.')} label={label(entry.path)}>
          <DetailValue entry={entry} />
        </Fact>
      ))}
    </dl>
  )
}

function StateNotices({ listing, access }: { listing: ListingDetail; access: ListingAccess }) {
  const { t } = useTranslation()
  const status = t(`browse.status.${listing.status}`)
  return (
    <>
      {!access.canManage && (listing.hidden || listing.pendingReview || listing.status === 'draft') && (
        <Notice>{t('browse.detail.adminNotice')}</Notice>
      )}
      {listing.hidden && (
        <Notice tone="error">
          <p>{t('browse.detail.hiddenNotice')}</p>
          {listing.hiddenReason && <p className="mt-1 font-medium">{t('browse.detail.hiddenReason', { reason: listing.hiddenReason })}</p>}
        </Notice>
      )}
      {listing.pendingReview && <Notice>{t('browse.detail.pendingNotice')}</Notice>}
      {listing.status === 'draft' && <Notice>{t('browse.detail.draftNotice')}</Notice>}
      {listing.status !== 'open' && listing.status !== 'draft' && <Notice>{t('browse.detail.notOpen', { status })}</Notice>}
    </>
  )
}

/** Posts `intent` to the listing's manage route (built with the listing forms). */
function ManageButton({ action, intent, children }: { action: string; intent: string; children: ReactNode }) {
  return (
    <Form method="post" action={action}>
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">
        {children}
      </button>
    </Form>
  )
}

function OwnerControls({ listing }: { listing: ListingDetail }) {
  const { t } = useTranslation()
  const path = listingPath(listing.type, listing.key)
  const manage = `${path}/manage`
  return (
    <section aria-labelledby="manage-title" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 id="manage-title" className="mb-3 font-semibold">
        {t('browse.manage.title')}
      </h2>
      <div className="flex flex-wrap gap-2">
        <Link to={`${path}/edit`} className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-medium text-white no-underline hover:bg-brand-800">
          {t('browse.manage.edit')}
        </Link>
        {listing.status === 'draft' && <ManageButton action={manage} intent="publish">{t('browse.manage.publish')}</ManageButton>}
        {listing.status === 'open' && (
          <>
            <ManageButton action={manage} intent="close">{t('browse.manage.close')}</ManageButton>
            <ManageButton action={manage} intent="fill">{t('browse.manage.fill')}</ManageButton>
          </>
        )}
        {(listing.status === 'closed' || listing.status === 'filled' || listing.status === 'expired') && (
          <ManageButton action={manage} intent="reopen">{t('browse.manage.reopen')}</ManageButton>
        )}
        <ManageButton action={manage} intent="duplicate">{t('browse.manage.duplicate')}</ManageButton>
      </div>
    </section>
  )
}

function Contacts({ listing, access }: { listing: ListingDetail; access: ListingAccess }) {
  const { t } = useTranslation()
  const label = useDetailLabel()
  // Visitors are always told, whether or not this listing has contact data: logging in is
  // how to reach the poster.
  if (!access.canSeeContacts) {
    return (
      <Notice>
        {access.signedIn ? (
          t('browse.detail.verifiedForContacts')
        ) : (
          <Link to={`/login?redirectTo=${encodeURIComponent(listingPath(listing.type, listing.key))}`}>{t('browse.detail.loginForContacts')}</Link>
        )}
      </Notice>
    )
  }
  const entries = listing.contacts ?? []
  if (entries.length === 0 && !listing.ownerAddress) return null
  return (
    <section aria-labelledby="contacts-title" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 id="contacts-title" className="mb-3 font-semibold">
        {t('browse.detail.contacts')}
      </h2>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        {listing.ownerAddress && <Fact label={t('browse.detail.address')}>{listing.ownerAddress}</Fact>}
        {entries.map((entry) => (
          <Fact key={entry.path.join('.')} label={label(entry.path)}>
            <DetailValue entry={entry} />
          </Fact>
        ))}
      </dl>
    </section>
  )
}

/**
 * `matches`: the listing's matches (null when it is not open and public). Its owner gets
 * them prominently, right under the controls; everyone else after the details.
 */
export function ListingDetailView({
  listing,
  access,
  reported,
  matches,
  funding = null,
}: {
  listing: ListingDetail
  access: ListingAccess
  reported: boolean
  matches: ListingMatches | null
  /** a need's funding progress and sponsors (payments), shown under its header */
  funding?: ReactNode
}) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const quantityLabel = useQuantityLabel()
  const moneyLabel = useMoneyLabel()
  return (
    <div className="space-y-6">
      <StateNotices listing={listing} access={access} />
      {reported && <Notice tone="success">{t('browse.report.sent')}</Notice>}

      <header className="space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <KindBadge type={listing.type} kind={listing.kind} />
          <StatusBadge status={listing.status} pendingReview={listing.pendingReview} hidden={listing.hidden} />
        </div>
        <h1 className="text-2xl font-bold sm:text-3xl">{listing.title}</h1>
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span>{listing.type === 'need' ? t('browse.detail.needOf') : t('browse.detail.offerOf')}</span>
          <OwnerLink owner={listing.owner} />
          {listing.owner.district && <span>· {listing.owner.district}</span>}
          <span>· {t('browse.detail.postedAt', { date: formatDate(listing.createdAt, lng) })}</span>
        </p>
      </header>

      {/* A visitor's matches come after the details: the keyboard (and a phone) may go straight there. */}
      {!access.canManage && matches && matches.matches.length > 0 && (
        <p className="text-sm">
          <a href="#matches">{t('matching.page.jumpTo', { count: matches.matches.length })}</a>
        </p>
      )}
      {access.canManage && <OwnerControls listing={listing} />}
      {funding}
      {access.canPropose && (
        <p>
          <Link to={`/proposals/new?${listing.type}=${encodeURIComponent(listing.key)}`} className="inline-block rounded-md bg-brand-700 px-4 py-2 font-medium text-white no-underline hover:bg-brand-800">
            {t('proposals.proposeTo')}
          </Link>
        </p>
      )}
      {access.canManage && (matches ? <MatchesSection type={listing.type} matches={matches} prominent proposeFrom={listing.key} /> : <NotMatchableNote />)}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {listing.description && (
            <section aria-labelledby="description-title">
              <h2 id="description-title" className="mb-2 font-semibold">
                {t('browse.detail.description')}
              </h2>
              <p className="whitespace-pre-line text-slate-800">{listing.description}</p>
            </section>
          )}
          {listing.images.length > 0 && (
            <section aria-labelledby="images-title">
              <h2 id="images-title" className="mb-2 font-semibold">
                {t('browse.detail.images')}
              </h2>
              <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
                {listing.images.map((image) => (
                  <li key={image.id}>
                    <img
                      src={`/images/${image.id}`}
                      alt={image.alt}
                      width={image.width ?? undefined}
                      height={image.height ?? undefined}
                      loading="lazy"
                      className="aspect-[4/3] w-full rounded-md object-cover ring-1 ring-slate-200"
                    />
                  </li>
                ))}
              </ul>
            </section>
          )}
          {listing.details.length > 0 && (
            <section aria-labelledby="details-title">
              <h2 id="details-title" className="mb-2 font-semibold">
                {t('browse.detail.details')}
              </h2>
              <DetailList entries={listing.details} />
            </section>
          )}
          <Contacts listing={listing} access={access} />
        </div>

        <aside className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-2 text-sm">
            <Fact label={t('browse.detail.dates')}>
              <DateRange start={listing.startDate} end={listing.endDate} />
            </Fact>
            {/* A training order's end date is the date its graduates must be ready by. */}
            {listing.type === 'offer' && listing.kind === 'training_order' && <Fact label={t('browse.detail.readyBy')}>{formatDate(listing.endDate, lng)}</Fact>}
            {listing.quantity !== null && <Fact label={quantityLabel(listing.type, listing.kind)}>{listing.quantity}</Fact>}
            {listing.money && (
              <Fact label={moneyLabel(listing.type, listing.kind)}>
                <MoneyText {...listing.money} />
              </Fact>
            )}
            {listing.estimatedValue && (
              <Fact label={t('browse.detail.estimatedValue')}>
                <MoneyText {...listing.estimatedValue} />
              </Fact>
            )}
            {listing.fundingGoal && (
              <Fact label={t('browse.detail.fundingGoal')}>
                <MoneyText {...listing.fundingGoal} />
              </Fact>
            )}
            {listing.acceptedTerms.length > 0 && (
              <Fact label={t('browse.detail.acceptedTerms')}>
                <EquipmentTermsText terms={listing.acceptedTerms} />
              </Fact>
            )}
            {listing.equipmentTerms && (
              <Fact label={t('browse.detail.equipmentTerms')}>
                <EquipmentTermsText terms={[listing.equipmentTerms]} />
              </Fact>
            )}
            <Fact label={t('browse.detail.workMode')}>
              <WorkMode remote={listing.remote} />
            </Fact>
            <Fact label={t('browse.detail.languages')}>
              {listing.languages.length > 0 ? <LanguageNames codes={listing.languages} /> : t('browse.detail.languagesNone')}
            </Fact>
          </dl>
          {listing.occupations.length > 0 && (
            <div>
              <h2 className="mb-1 text-sm text-slate-500">{t('browse.detail.occupations')}</h2>
              <OccupationChips occupations={listing.occupations} />
              {listing.occupationsOther.length > 0 && (
                <p className="mt-1 text-sm text-slate-600">
                  {t('browse.detail.occupationsOther')}: {listing.occupationsOther.join(', ')}
                </p>
              )}
            </div>
          )}
          {listing.skills.length > 0 && (
            <div>
              <h2 className="mb-1 text-sm text-slate-500">{t('browse.detail.skills')}</h2>
              <SkillChips skills={listing.skills} />
            </div>
          )}
        </aside>
      </div>

      {!access.canManage && matches && <MatchesSection type={listing.type} matches={matches} prominent={false} />}

      {/* The form is a page of its own: a listing page loads no form code for its visitors. */}
      {access.canReport && !reported && (
        <p className="text-sm">
          <Link to={`${listingPath(listing.type, listing.key)}/report`}>{t('browse.report.title')}</Link>
        </p>
      )}
    </div>
  )
}
