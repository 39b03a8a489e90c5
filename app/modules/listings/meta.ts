import type { MetaDescriptor } from '@remix-run/react'
import { pageMeta } from '~/modules/i18n/meta'

type Match = { id: string; data: unknown }

const DESCRIPTION_LENGTH = 160

/** "A long text…" cut at a word boundary, for a meta description. */
export function summarise(text: string, length = DESCRIPTION_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= length) return flat
  const cut = flat.slice(0, length - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}

/**
 * <title> and description of a page about one thing (a listing, an organisation, an
 * expert): its name and the start of its text. Without a name (the loader answered 404),
 * the not-found page's title.
 */
export function namedPageMeta(matches: Match[], name: string | undefined, text: string | null | undefined): MetaDescriptor[] {
  if (name === undefined) return pageMeta(matches, 'errors.notFoundTitle')
  const base = pageMeta(matches, 'browse.meta.named', { name })
  const description = text ? summarise(text) : ''
  if (!description) return base
  return [...base.filter((descriptor) => !('name' in descriptor && descriptor.name === 'description')), { name: 'description', content: description }]
}
