import type { MetaDescriptor } from '@remix-run/react'
import i18next, { type ParseKeys } from 'i18next'
import { DEFAULT_LANGUAGE, isLanguage } from './i18n'

// Localised <title> and description for a route's `meta`, in the language the root loader
// chose, from i18next's default instance: initialised with both languages on the server
// (i18n.server.ts) and with the page's language in the browser (entry.client.tsx).
const t = i18next

type Match = { id: string; data: unknown }

export function languageOf(matches: Match[]) {
  const root = matches.find((m) => m.id === 'root')?.data as { locale?: string } | undefined
  return isLanguage(root?.locale) ? root.locale : DEFAULT_LANGUAGE
}

export function pageMeta(matches: Match[], titleKey: ParseKeys, values: Record<string, string> = {}): MetaDescriptor[] {
  // In the browser, a language chosen a moment ago may still be loading: keep the one it has.
  const wanted = languageOf(matches)
  const lng = t.hasResourceBundle(wanted, 'translation') ? wanted : (t.resolvedLanguage ?? wanted)
  const title = t.t(titleKey, { lng, ...values }) as string
  return [
    { title: `${title} · ${t.t('app.name', { lng })}` },
    { name: 'description', content: t.t('app.tagline', { lng }) as string },
  ]
}
