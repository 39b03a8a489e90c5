import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { KindChooser } from '~/components/listing-actions'
import { ListingForm, type UnknownOccupationHint } from '~/components/listing-form'
import { pageMeta } from '~/modules/i18n/meta'
import { newListingPage, saveNewListing } from '~/modules/listings/owner-pages.server'
import { requireListingType } from '~/modules/listings/routes.server'

// /needs/new, /offers/new: choose a kind, then post a listing of it (see owner-pages.server.ts).

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  !data
    ? pageMeta(matches, 'errors.notFoundTitle')
    : data.kind
      ? pageMeta(matches, `listings.new.${data.type}Title`, { kind: data.kindLabel })
      : pageMeta(matches, data.type === 'need' ? 'listings.new.chooseNeedTitle' : 'listings.new.chooseOfferTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  return newListingPage(requireListingType(params.listings), request)
}

export async function action({ request, params }: ActionFunctionArgs) {
  return saveNewListing(requireListingType(params.listings), request)
}

export default function NewListingPage() {
  const { type, kind, kindLabel, chooser, orgs, defaults, suggestions, openCap, foreignExpert } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  if (!kind) return <KindChooser type={type} kinds={chooser} />
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">{t(`listings.new.${type}Title`, { kind: kindLabel })}</h1>
      <ListingForm
        key={kind}
        type={type}
        kind={kind}
        mode="create"
        orgs={orgs}
        defaults={defaults}
        suggestions={suggestions}
        images={[]}
        open={false}
        foreignExpert={foreignExpert}
        openCap={openCap}
        lastResult={actionData?.result}
        unknownOccupations={actionData && 'unknownOccupations' in actionData ? (actionData.unknownOccupations as UnknownOccupationHint[]) : undefined}
        cancelTo="/dashboard"
      />
    </div>
  )
}
