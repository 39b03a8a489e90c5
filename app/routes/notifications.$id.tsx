import type { LoaderFunctionArgs } from '@remix-run/node'
import { openNotification } from '~/modules/notifications/pages.server'

// /notifications/{id}: opens one of the user's notifications at its link, read from now on (404 for anyone else's).

export async function loader({ request, params }: LoaderFunctionArgs) {
  return openNotification(request, params.id)
}
