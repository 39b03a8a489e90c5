import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { MoveContributionsView } from '~/components/payments'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { pageMeta } from '~/modules/i18n/meta'
import { MoveContributionSchema } from '~/modules/payments/funding-schemas'
import { moveContribution, movableContributionsPage } from '~/modules/payments/unfunded.server'
import { readForm } from '~/modules/runtime/form.server'

// /needs/{key}/contributions: the college moves contributions of its expired, unfunded need,
// whose sponsors consented, to another of its needs still seeking money.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payments.move.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { signedIn: true })
  return movableContributionsPage(user, params.key)
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, { signedIn: true })
  const submission = parseWithZod(await readForm(request), { schema: MoveContributionSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), refusal: null }, { status: 400 })
  const moved = await moveContribution(user, params.key, submission.value.paymentId, submission.value.target)
  if (!moved.ok) return data({ result: submission.reply(), refusal: moved.refusal }, { status: 409 })
  return redirect(`/needs/${params.key}/contributions?moved=1`)
}

export default function ContributionsRoute() {
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  return <MoveContributionsView page={useLoaderData<typeof loader>()} refusal={actionData?.refusal ?? null} moved={searchParams.get('moved') === '1'} />
}
