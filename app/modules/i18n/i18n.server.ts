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

const buildFixedT = (lng: Language) => i18nServer.getFixedT(lng)
// remix-i18next builds and initialises a new i18next instance on every getFixedT call (twice
// per match request in bench:load's profile): one per language is made once and kept. The
// translations are bundled, so an instance never changes.
const fixedT = new Map<Language, ReturnType<typeof buildFixedT>>()

export function getTFor(lng: Language): ReturnType<typeof buildFixedT> {
  let t = fixedT.get(lng)
  if (!t) {
    t = buildFixedT(lng)
    fixedT.set(lng, t)
    // A failed start is not kept: the next call tries again.
    t.catch(() => fixedT.delete(lng))
  }
  return t
}

type PageI18n = ReturnType<typeof i18next.createInstance>
// The instance a page renders with: one per language, made once (building one per request
// cost a few per cent of a page's CPU). Safe to share: nothing on the server changes its language.
const pageInstances = new Map<Language, Promise<PageI18n>>()

export function pageI18n(lng: Language): Promise<PageI18n> {
  let instance = pageInstances.get(lng)
  if (!instance) {
    const made = i18next.createInstance()
    instance = made
      .use(initReactI18next)
      .init({ ...serverI18nConfig, lng })
      .then(() => made)
    pageInstances.set(lng, instance)
  }
  return instance
}
