import { createCookie } from '@remix-run/node'
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { RemixI18Next } from 'remix-i18next/server'
import { en } from '~/locales/en'
import { vi } from '~/locales/vi'
import { getEnv } from '~/modules/runtime/env.server'
import { DEFAULT_LANGUAGE, i18nConfig, isLanguage, LANGUAGES, type Language } from './i18n'

/** The server's i18next options: both languages' strings, bundled. */
export const serverI18nConfig = { ...i18nConfig, resources: { vi: { translation: vi }, en: { translation: en } } }

// The default instance serves route `meta` functions (meta.ts), which run here and in the browser.
void i18next.init({ ...serverI18nConfig, lng: DEFAULT_LANGUAGE, initImmediate: false })

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
  i18next: serverI18nConfig,
})

export async function getLanguage(request: Request): Promise<Language> {
  const detected = await i18nServer.getLocale(request)
  return isLanguage(detected) ? detected : DEFAULT_LANGUAGE
}

export async function getT(request: Request) {
  return getTFor(await getLanguage(request))
}

type PageI18n = ReturnType<typeof i18next.createInstance>
// One i18next instance per language, made once and shared by the pages that render with it and
// by `getTFor` (building one per request, as remix-i18next's getFixedT does, cost a few per
// cent of a page's CPU and of a match request's). Safe to share: the translations are bundled,
// and nothing on the server changes an instance's language.
const instances = new Map<Language, Promise<PageI18n>>()

export function pageI18n(lng: Language): Promise<PageI18n> {
  let instance = instances.get(lng)
  if (!instance) {
    const made = i18next.createInstance()
    instance = made
      .use(initReactI18next)
      .init({ ...serverI18nConfig, lng })
      .then(() => made)
    instances.set(lng, instance)
    // A failed start is not kept: the next call tries again.
    instance.catch(() => instances.delete(lng))
  }
  return instance
}

/** The translation function of `lng` (emails, the API, reasons). */
export async function getTFor(lng: Language) {
  return (await pageI18n(lng)).getFixedT(lng)
}
