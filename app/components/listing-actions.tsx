import { Form, Link, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Notice } from '~/components/forms'
import { StatusBadge } from '~/components/listings'
import { statusActionsFor, type ListingStatus } from '~/modules/listings/lifecycle'
import type { NeedKind, OfferKind } from '~/modules/listings/vocabulary'
import { listingPath, type ListingType } from '~/modules/listings/view'

// An owner's controls for one listing (edit, publish, close, reopen, mark filled, duplicate),
// as plain forms that POST to /needs/{key}/manage or /offers/{key}/manage with an `intent`,
// so they work without JavaScript. Used on the dashboard and the manage page; listing pages
// may use them too.

/** `title`: the listing's, naming the form (a landmark) apart from the other listings' on the same page (axe landmark-unique). */
export function OwnerActions({ type, listingKey, status, redirectTo, title }: { type: ListingType; listingKey: string; status: ListingStatus; redirectTo?: string; title?: string }) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const base = listingPath(type, listingKey)
  const button = 'rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-60'
  return (
    <Form method="post" action={`${base}/manage`} className="flex flex-wrap items-center gap-2" aria-label={title ? t('listings.actions.labelFor', { title }) : t('listings.actions.label')}>
      {redirectTo && <input type="hidden" name="redirectTo" value={redirectTo} />}
      <Link to={`${base}/edit`} className={`${button} no-underline text-slate-900`}>
        {t('listings.actions.edit')}
      </Link>
      {statusActionsFor(status).map((action) => (
        <button key={action} type="submit" name="intent" value={action} disabled={navigation.state === 'submitting'} className={button}>
          {t(`listings.actions.${action}`)}
        </button>
      ))}
      <button type="submit" name="intent" value="duplicate" disabled={navigation.state === 'submitting'} className={button}>
        {t('listings.actions.duplicate')}
      </button>
    </Form>
  )
}

/** The manage route's page: the listing's status, its controls, and why the last action was refused. */
export function ManagePanel({ type, listingKey, title, status, error, openCap }: { type: ListingType; listingKey: string; title: string; status: ListingStatus; error?: string; openCap: number }) {
  const { t } = useTranslation()
  return (
    <div className="mx-auto max-w-2xl space-y-4 rounded-lg bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-bold">{t('listings.manage.title')}</h1>
      <p className="text-lg">{title}</p>
      <p className="flex items-center gap-2 text-sm">
        <StatusBadge status={status} />
      </p>
      {error && <Notice tone="error">{t(error as never, { cap: openCap }) as string}</Notice>}
      <OwnerActions type={type} listingKey={listingKey} status={status} />
      <Link to={listingPath(type, listingKey)} className="inline-block text-sm">
        {t('listings.manage.back')}
      </Link>
    </div>
  )
}

/** The first step of posting: which kind of need or offer. */
export function KindChooser({ type, kinds }: { type: ListingType; kinds: readonly (NeedKind | OfferKind)[] }) {
  const { t } = useTranslation()
  const label = (kind: NeedKind | OfferKind) => (type === 'need' ? t(`browse.needKinds.${kind as NeedKind}`) : t(`browse.offerKinds.${kind as OfferKind}`))
  const text = (kind: NeedKind | OfferKind) => (type === 'need' ? t(`listings.new.needKinds.${kind as NeedKind}`) : t(`listings.new.offerKinds.${kind as OfferKind}`))
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">{type === 'need' ? t('listings.new.chooseNeedTitle') : t('listings.new.chooseOfferTitle')}</h1>
      <p className="text-slate-600">{t('listings.new.chooseLead')}</p>
      <ul className="grid gap-4 sm:grid-cols-2">
        {kinds.map((kind) => (
          <li key={kind}>
            <Link to={`?kind=${kind}`} className="block h-full rounded-lg bg-white p-5 no-underline shadow-sm ring-1 ring-slate-200 hover:ring-brand-600">
              <span className="block font-semibold text-slate-900">{label(kind)}</span>
              <span className="mt-1 block text-sm text-slate-600">{text(kind)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  )
}
