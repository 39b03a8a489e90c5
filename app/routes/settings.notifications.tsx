import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { PreferencesForm } from '~/components/notifications'
import { pageMeta } from '~/modules/i18n/meta'
import { preferencesAction, preferencesPage } from '~/modules/notifications/pages.server'

// /settings/notifications: how the signed-in user hears about each kind (in app, email, daily digest, off).

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'notifications.settings.title')

export async function loader({ request }: LoaderFunctionArgs) {
  return preferencesPage(request)
}

export async function action({ request }: ActionFunctionArgs) {
  return preferencesAction(request)
}

export default function NotificationSettingsPage() {
  const { preferences, groups } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  return <PreferencesForm preferences={preferences} groups={groups} lastResult={actionData?.result} saved={searchParams.has('saved')} />
}
