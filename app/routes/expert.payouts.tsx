import { getFormProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Notice, SubmitButton } from '~/components/forms'
import { countryName, useLanguage } from '~/components/listings'
import { useForm } from '~/components/use-form'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { pageMeta } from '~/modules/i18n/meta'
import { readForm } from '~/modules/runtime/form.server'
import { PayoutOnboardSchema } from '~/modules/payments/connect'
import { payoutsPage, startPayoutOnboarding } from '~/modules/payments/payouts.server'

// An expert sees how they are paid (Stripe Connect or the platform's bank transfer) and starts
// Stripe's Express onboarding where Stripe can pay them out. Only their own profile: a
// signed-in user without one gets 404 (app/modules/payments/payouts.server.ts).

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payouts.title')

async function ownProfile(request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  if (!user.expertProfile) throw new Response('Not Found', { status: 404 })
  await requirePermission(request, { expert: user.expertProfile.id })
  return { user, profileId: user.expertProfile.id }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { profileId } = await ownProfile(request)
  const back = new URL(request.url).searchParams.get('stripe')
  const page = await payoutsPage(profileId, { refresh: back === 'return' || back === 'refresh' })
  if (!page) throw new Response('Not Found', { status: 404 })
  return data(page, { headers: { 'Cache-Control': 'private, no-store' } })
}

const ERROR_KEYS = {
  'unsupported-country': 'payouts.errors.unsupportedCountry',
  'not-configured': 'payouts.errors.notConfigured',
  unavailable: 'payouts.errors.unavailable',
} as const

export async function action({ request }: ActionFunctionArgs) {
  const { user, profileId } = await ownProfile(request)
  const submission = parseWithZod(await readForm(request), { schema: PayoutOnboardSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const started = await startPayoutOnboarding(profileId, user)
  if (started.ok) return redirect(started.url)
  if (started.error === 'not-found') throw new Response('Not Found', { status: 404 })
  const status = started.error === 'unavailable' ? 503 : 409
  return data({ result: submission.reply({ formErrors: [ERROR_KEYS[started.error]] }) }, { status })
}

export default function ExpertPayoutsPage() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { t } = useTranslation()
  const lng = useLanguage()
  const [form] = useForm({
    id: 'payouts-onboard',
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PayoutOnboardSchema }),
  })
  const back = searchParams.get('stripe')
  const canOnboard = page.status === 'available' || page.status === 'onboarding'
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">{t('payouts.title')}</h1>
      {back === 'return' && <Notice tone="success">{t('payouts.returned')}</Notice>}
      {back === 'refresh' && <Notice>{t('payouts.linkExpired')}</Notice>}
      {form.errors?.map((error) => (
        <Notice key={error} tone="error">
          {t(error as (typeof ERROR_KEYS)[keyof typeof ERROR_KEYS])}
        </Notice>
      ))}
      <section className="space-y-3 rounded-lg bg-white p-6 shadow-sm">
        <p className="text-sm text-slate-600">{t('payouts.country', { country: countryName(page.country, lng) })}</p>
        <p>{t('payouts.intro', { percent: String(page.feePercent) })}</p>
        <p className={page.status === 'ready' ? 'font-medium text-emerald-800' : 'font-medium'} data-payout-status={page.status}>
          {t(`payouts.status.${page.status}`)}
        </p>
        {!page.stripeConfigured && <p className="text-sm text-slate-600">{t('payouts.notConfigured')}</p>}
        {canOnboard && (
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="onboard" />
            <SubmitButton>{page.status === 'onboarding' ? t('payouts.continue') : t('payouts.create')}</SubmitButton>
          </Form>
        )}
      </section>
    </div>
  )
}
