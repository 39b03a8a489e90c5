import { z } from 'zod'
import { NEED_KINDS, OFFER_KINDS } from '~/modules/import/format'
import { CURRENCIES } from '~/utils/money'
import { DEFAULT_STATE, MAX_PAGE, MULTI, parseAmount, PRICE_UNITS, SORTS, type MultiField, type SearchErrors, type SearchField, type SearchState } from './search-params'

// The search page's URL parameters, validated (search-params.ts holds the state and the
// URL-writing helpers the browser shares). A bad value is dropped and its message kept.

/** At most this many values of one multi-valued filter are read. */
const MAX_VALUES = 20
const MAX_AMOUNT = 1e12

const amount = z
  .string()
  .transform((raw, ctx) => {
    const value = parseAmount(raw)
    if (value === null || value > MAX_AMOUNT) {
      ctx.issues.push({ code: 'custom', message: 'search.errors.amount', input: raw })
      return z.NEVER
    }
    return value
  })

const text = z.string().trim().min(1).max(100, { error: 'validation.tooLong' })

/** One schema per URL parameter; multi-valued parameters validate each value. */
export const SearchParamsSchema = z.object({
  q: z.string().trim().max(200, { error: 'search.errors.queryTooLong' }),
  need: z.enum(NEED_KINDS, { error: 'search.errors.kind' }),
  offer: z.enum(OFFER_KINDS, { error: 'search.errors.kind' }),
  occupation: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, { error: 'search.errors.occupation' }),
  district: text,
  language: z.string().regex(/^[a-z]{2}$/, { error: 'search.errors.language' }),
  verified: z.enum(['1', 'true', 'on'], { error: 'validation.invalid' }).transform(() => true),
  min: amount,
  max: amount,
  currency: z.enum(CURRENCIES, { error: 'search.errors.currency' }),
  per: z.enum(PRICE_UNITS, { error: 'search.errors.per' }),
  sort: z.enum(SORTS, { error: 'search.errors.sort' }),
  near: text,
  page: z.coerce
    .number({ error: 'search.errors.page' })
    .int({ error: 'search.errors.page' })
    .min(1, { error: 'search.errors.page' })
    .max(MAX_PAGE, { error: 'search.errors.page' }),
} satisfies Record<SearchField, z.ZodType>)

const isMulti = (field: SearchField): field is MultiField => (MULTI as readonly string[]).includes(field)

export function parseSearchParams(params: URLSearchParams): { state: SearchState; errors: SearchErrors } {
  const state: SearchState = { ...DEFAULT_STATE, need: [], offer: [], occupation: [], district: [], language: [] }
  const errors: SearchErrors = {}
  const values = state as unknown as Record<SearchField, unknown>
  for (const field of Object.keys(SearchParamsSchema.shape) as SearchField[]) {
    const schema = SearchParamsSchema.shape[field] as z.ZodType
    const raws = params
      .getAll(field)
      .map((raw) => raw.trim())
      .filter(Boolean)
    for (const raw of isMulti(field) ? raws.slice(0, MAX_VALUES) : raws.slice(-1)) {
      const result = schema.safeParse(raw)
      if (!result.success) {
        errors[field] ??= result.error.issues[0]?.message ?? 'validation.invalid'
        continue
      }
      if (isMulti(field)) {
        const list = values[field] as unknown[]
        if (!list.includes(result.data)) list.push(result.data)
      } else {
        values[field] = result.data
      }
    }
  }
  if (state.min !== null && state.max !== null && state.max < state.min) {
    errors.max = 'search.errors.maxBelowMin'
    state.max = null
  }
  return { state, errors }
}
