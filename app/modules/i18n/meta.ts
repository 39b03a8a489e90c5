import type { MetaDescriptor } from '@remix-run/react'
import i18next, { type ParseKeys } from 'i18next'
import { DEFAULT_LANGUAGE, i18nConfig, isLanguage } from './i18n'

// Localised <title> and description for a route's `meta`, in the language the root loader chose.
const t = i18next.createInstance()
void t.init({ ...i18nConfig, lng: DEFAULT_LANGUAGE, initImmediate: false })

type Match = { id: string; data: unknown }

export function languageOf(matches: Match[]) {
  const root = matches.find((m) => m.id === 'root')?.data as { locale?: string } | undefined
  return isLanguage(root?.locale) ? root.locale : DEFAULT_LANGUAGE
}

export function pageMeta(matches: Match[], titleKey: ParseKeys, values: Record<string, string> = {}): MetaDescriptor[] {
  const lng = languageOf(matches)
  const title = t.t(titleKey, { lng, ...values }) as string
  return [
    { title: `${title} · ${t.t('app.name', { lng })}` },
    { name: 'description', content: t.t('app.tagline', { lng }) as string },
  ]
}
