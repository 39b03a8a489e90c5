import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { destroySession } from '~/modules/accounts/session.server'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  return destroySession(request)
}
