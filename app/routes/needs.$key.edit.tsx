import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ListingForm } from '~/components/listing-form'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { readListingFormData } from '~/modules/listings/images.server'
import { updateNeed } from '~/modules/listings/listings.server'
import { formContext, needValuesOf, requireOwnedNeed, saveListingForm } from '~/modules/listings/routes.server'
import { needFormDefaults } from '~/modules/listings/form-defaults'
import { needFormSchema } from '~/modules/listings/form-schemas'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageMeta(matches, 'listings.edit.title', { title: data?.title ?? '' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { need } = await requireOwnedNeed(request, params.key)
  const lng = await getLanguage(request)
  return {
    key: need.key,
    kind: need.kind,
    title: need.title,
    open: need.status === 'open',
    defaults: needFormDefaults(need.kind, needValuesOf(need), lng),
    images: need.images,
    ...(await formContext(lng)),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, need, owner } = await requireOwnedNeed(request, params.key)
  const formData = await readListingFormData(request)
  return saveListingForm({
    type: 'need',
    formData,
    schema: needFormSchema(need.kind, { mode: 'edit', open: need.status === 'open' }),
    owner,
    save: (owner, form, image) => updateNeed({ actorId: user.id, owner, id: need.id, values: form.values, image, removeImageIds: form.removeImages ?? [] }),
  })
}

export default function EditNeedPage() {
  const { key, kind, title, open, defaults, images, suggestions, openCap } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">{t('listings.edit.title', { title })}</h1>
      <ListingForm
        type="need"
        kind={kind}
        mode="edit"
        orgs={[]}
        defaults={defaults}
        suggestions={suggestions}
        images={images}
        open={open}
        foreignExpert={false}
        openCap={openCap}
        lastResult={actionData?.result}
        cancelTo={`/needs/${key}`}
      />
    </div>
  )
}
