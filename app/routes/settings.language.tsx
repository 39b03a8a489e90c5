import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { readForm } from '~/modules/runtime/form.server'
import { getSessionUserId } from '~/modules/accounts/session.server'
import { setUserLocale } from '~/modules/accounts/accounts.server'
import { isLanguage } from '~/modules/i18n/i18n'
import { languageCookie } from '~/modules/i18n/i18n.server'
import { safeRedirect } from '~/utils/redirect'

// The language switcher: remembers the choice in a cookie (and on the account, for emails).
export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const language = formData.get('language')
  if (!isLanguage(language)) return new Response('Unsupported language', { status: 400 })
  const userId = await getSessionUserId(request)
  if (userId) await setUserLocale(userId, language)
  return redirect(safeRedirect(formData.get('redirectTo'), '/'), {
    headers: { 'Set-Cookie': await languageCookie.serialize(language) },
  })
}

export async function loader() {
  return redirect('/')
}
