import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { NotificationList } from '~/components/notifications'
import { pageMeta } from '~/modules/i18n/meta'
import { notificationsAction, notificationsPage } from '~/modules/notifications/pages.server'

// /notifications: the signed-in user's notifications, newest first; mark one or all read.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'notifications.page.title')

export async function loader({ request }: LoaderFunctionArgs) {
  return notificationsPage(request)
}

export async function action({ request }: ActionFunctionArgs) {
  return notificationsAction(request)
}

export default function NotificationsPage() {
  const { notifications, unread } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  return <NotificationList notifications={notifications} unread={unread} done={searchParams.get('done')} />
}
