import { z } from 'zod'
import { NEED_KINDS, OFFER_KINDS } from '~/modules/import/format'
import type { ListingType } from './view'

// The browse pages' filters (?kind=&occupation=&district=&language=&page=), shared by the
// loader that parses them and the form that shows them. A bad value never fails the page:
// that filter is ignored and its message is shown next to its field.

export const PAGE_SIZE = 20
const MAX_PAGE = 10_000

const text = z.string().trim().max(100, { error: 'validation.tooLong' })

const common = {
  occupation: text,
  district: text,
  language: z.string().regex(/^[a-z]{2}$/, { error: 'browse.filters.invalidLanguage' }),
  page: z.coerce
    .number({ error: 'browse.filters.invalidPage' })
    .int({ error: 'browse.filters.invalidPage' })
    .min(1, { error: 'browse.filters.invalidPage' })
    .max(MAX_PAGE, { error: 'browse.filters.invalidPage' }),
}

export const NeedFiltersSchema = z.object({ kind: z.enum(NEED_KINDS, { error: 'validation.choose' }), ...common })
export const OfferFiltersSchema = z.object({ kind: z.enum(OFFER_KINDS, { error: 'validation.choose' }), ...common })

export type NeedFilters = Partial<Omit<z.output<typeof NeedFiltersSchema>, 'page'>> & { page: number }
export type OfferFilters = Partial<Omit<z.output<typeof OfferFiltersSchema>, 'page'>> & { page: number }
export type FilterField = 'kind' | 'occupation' | 'district' | 'language' | 'page'
/** Translation keys of the messages for filters that were ignored. */
export type FilterErrors = Partial<Record<FilterField, string>>

const FIELDS: FilterField[] = ['kind', 'occupation', 'district', 'language', 'page']

function parseWith<S extends typeof NeedFiltersSchema | typeof OfferFiltersSchema>(schema: S, params: URLSearchParams) {
  const values: Record<string, unknown> = { page: 1 }
  const errors: FilterErrors = {}
  for (const field of FIELDS) {
    const raw = params.get(field)?.trim()
    if (!raw) continue
    const result = schema.shape[field].safeParse(raw)
    if (result.success) values[field] = result.data
    else errors[field] = result.error.issues[0]?.message ?? 'validation.invalid'
  }
  return { values, errors }
}

export function parseNeedFilters(params: URLSearchParams): { filters: NeedFilters; errors: FilterErrors } {
  const { values, errors } = parseWith(NeedFiltersSchema, params)
  return { filters: values as NeedFilters, errors }
}

export function parseOfferFilters(params: URLSearchParams): { filters: OfferFilters; errors: FilterErrors } {
  const { values, errors } = parseWith(OfferFiltersSchema, params)
  return { filters: values as OfferFilters, errors }
}

export function kindsOf(type: ListingType): readonly string[] {
  return type === 'need' ? NEED_KINDS : OFFER_KINDS
}
