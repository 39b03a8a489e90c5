import { createCookie } from '@remix-run/node'
import { RemixI18Next } from 'remix-i18next/server'
import { getEnv } from '~/modules/runtime/env.server'
import { DEFAULT_LANGUAGE, i18nConfig, isLanguage, LANGUAGES, type Language } from './i18n'

// The switcher's choice lives in this cookie; without it Accept-Language decides.
export const languageCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
  secure: getEnv().NODE_ENV === 'production' && getEnv().appUrl.startsWith('https://'),
})

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    cookie: languageCookie,
    order: ['cookie', 'header'],
  },
  i18next: i18nConfig,
})

export async function getLanguage(request: Request): Promise<Language> {
  const detected = await i18nServer.getLocale(request)
  return isLanguage(detected) ? detected : DEFAULT_LANGUAGE
}

export async function getT(request: Request) {
  return i18nServer.getFixedT(await getLanguage(request))
}

export async function getTFor(lng: Language) {
  return i18nServer.getFixedT(lng)
}
