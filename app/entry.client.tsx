import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import resourcesToBackend from 'i18next-resources-to-backend'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { getInitialNamespaces } from 'remix-i18next/client'
import { i18nConfig, isLanguage, type Language } from '~/modules/i18n/i18n'

// Each language's strings are a chunk of their own: the browser loads the page's language
// only (about half the strings' weight), and another one if the page's language changes.
const LOCALES: Record<Language, () => Promise<unknown>> = {
  vi: () => import('~/locales/vi').then((m) => m.vi),
  en: () => import('~/locales/en').then((m) => m.en),
}

async function hydrate() {
  await i18next
    .use(initReactI18next)
    .use(resourcesToBackend((lng: string) => (isLanguage(lng) ? LOCALES[lng]() : Promise.resolve({}))))
    .init({
      ...i18nConfig,
      // The server rendered <html lang>; the client starts in the same language. English is
      // complete, so no fallback language is loaded beside it.
      lng: document.documentElement.lang,
      fallbackLng: false,
      ns: getInitialNamespaces(),
    })
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    )
  })
}

void hydrate()
