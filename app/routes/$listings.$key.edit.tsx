import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ListingForm, type UnknownOccupationHint } from '~/components/listing-form'
import { pageMeta } from '~/modules/i18n/meta'
import { editListingPage, saveListingEdit } from '~/modules/listings/owner-pages.server'
import { requireListingType } from '~/modules/listings/routes.server'
import { listingPath } from '~/modules/listings/view'

// /needs/{key}/edit, /offers/{key}/edit: the owner edits a listing (see owner-pages.server.ts).

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageMeta(matches, 'listings.edit.title', { title: data?.title ?? '' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return editListingPage(requireListingType(params.listings), request, params.key)
}

export async function action({ request, params }: ActionFunctionArgs) {
  return saveListingEdit(requireListingType(params.listings), request, params.key)
}

export default function EditListingPage() {
  const { type, key, kind, title, open, foreignExpert, defaults, images, suggestions, openCap } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">{t('listings.edit.title', { title })}</h1>
      <ListingForm
        type={type}
        kind={kind}
        mode="edit"
        orgs={[]}
        defaults={defaults}
        suggestions={suggestions}
        images={images}
        open={open}
        foreignExpert={foreignExpert}
        openCap={openCap}
        lastResult={actionData?.result}
        unknownOccupations={actionData && 'unknownOccupations' in actionData ? (actionData.unknownOccupations as UnknownOccupationHint[]) : undefined}
        cancelTo={listingPath(type, key)}
      />
    </div>
  )
}
