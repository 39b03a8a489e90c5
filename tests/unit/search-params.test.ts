import { describe, expect, it } from 'vitest'
import {
  DEFAULT_STATE,
  formParams,
  isBandSelected,
  MAX_PAGE,
  parseAmount,
  PRICE_BANDS,
  searchHref,
  toggled,
  toSearchParams,
  typesInScope,
  type SearchState,
} from '~/modules/search/search-params'
import { parseSearchParams } from '~/modules/search/search-params.server'

// The search page's URL: what it parses to, what it drops (with which message), and the
// links and form submissions that write it back.

const parse = (query: string) => parseSearchParams(new URLSearchParams(query))

describe('parseAmount', () => {
  it.each([
    ['500000', 500_000],
    ['1.000.000', 1_000_000],
    ['1,000,000', 1_000_000],
    ['2 500 000', 2_500_000],
    ['1.500', 1_500],
    ['12,5', 12.5],
    ['12.5', 12.5],
    ['0', 0],
  ])('reads %s as %d', (raw, expected) => {
    expect(parseAmount(raw)).toBe(expected)
  })

  it.each(['', 'abc', '-5', '1.2.3', '1e6', '12,50,0'])('refuses %j', (raw) => {
    expect(parseAmount(raw)).toBeNull()
  })
})

describe('parseSearchParams', () => {
  it('gives the defaults for an empty URL', () => {
    expect(parse('')).toEqual({ state: DEFAULT_STATE, errors: {} })
  })

  it('reads every field, multi-valued filters as lists without repeats', () => {
    const { state, errors } = parse(
      'q=+ke+toan+&need=internship&need=expert&need=internship&offer=placement&occupation=han&occupation=co-dien-tu' +
        '&district=C%E1%BA%A7u+Gi%E1%BA%A5y&language=en&language=de&verified=1&min=1.000.000&max=5000000&currency=USD&per=hour' +
        '&sort=nearest&near=%C4%90%C3%B4ng+Anh&page=3',
    )
    expect(errors).toEqual({})
    expect(state).toEqual<SearchState>({
      q: 'ke toan',
      need: ['internship', 'expert'],
      offer: ['placement'],
      occupation: ['han', 'co-dien-tu'],
      district: ['Cầu Giấy'],
      language: ['en', 'de'],
      verified: true,
      min: 1_000_000,
      max: 5_000_000,
      currency: 'USD',
      per: 'hour',
      sort: 'nearest',
      near: 'Đông Anh',
      page: 3,
    })
  })

  it('drops bad values and keeps the good ones, with a message key for each field', () => {
    const { state, errors } = parse(
      `need=internship&need=spaceship&offer=x&occupation=H%C3%A0n&language=eng&language=vi&verified=maybe&min=abc&currency=GBP&per=week&sort=cheapest&page=${MAX_PAGE + 1}`,
    )
    expect(state.need).toEqual(['internship'])
    expect(state.offer).toEqual([])
    expect(state.occupation).toEqual([])
    expect(state.language).toEqual(['vi'])
    expect(state).toMatchObject({ verified: false, min: null, currency: 'VND', per: 'day', sort: 'relevance', page: 1 })
    expect(errors).toEqual({
      need: 'search.errors.kind',
      offer: 'search.errors.kind',
      occupation: 'search.errors.occupation',
      language: 'search.errors.language',
      verified: 'validation.invalid',
      min: 'search.errors.amount',
      currency: 'search.errors.currency',
      per: 'search.errors.per',
      sort: 'search.errors.sort',
      page: 'search.errors.page',
    })
  })

  it('refuses a range whose end is below its start, keeping the start', () => {
    const { state, errors } = parse('min=500&max=100')
    expect(state).toMatchObject({ min: 500, max: null })
    expect(errors).toEqual({ max: 'search.errors.maxBelowMin' })
    expect(parse('min=100&max=100').errors).toEqual({})
  })

  it('refuses words over 200 characters and pages that are not whole numbers', () => {
    expect(parse(`q=${'a'.repeat(201)}`).errors.q).toBe('search.errors.queryTooLong')
    expect(parse('page=1.5').errors.page).toBe('search.errors.page')
    expect(parse('page=0').state.page).toBe(1)
  })

  it('reads at most 20 values of one filter', () => {
    const many = Array.from({ length: 30 }, (_, i) => `district=D${i}`).join('&')
    expect(parse(many).state.district).toHaveLength(20)
  })
})

describe('URLs', () => {
  const state = parse('q=ke+toan&offer=placement&district=Long+Bi%C3%AAn&min=100&currency=USD&sort=newest&page=2').state

  it('writes the state back without defaults, and parses to the same state', () => {
    const params = toSearchParams(state)
    expect(params.toString()).toBe('q=ke+toan&offer=placement&district=Long+Bi%C3%AAn&min=100&currency=USD&sort=newest&page=2')
    expect(parseSearchParams(params).state).toEqual(state)
    expect(toSearchParams(DEFAULT_STATE).toString()).toBe('')
  })

  it('goes back to page 1 on any change but the page', () => {
    expect(searchHref(state, { sort: 'relevance' })).toBe('/search?q=ke+toan&offer=placement&district=Long+Bi%C3%AAn&min=100&currency=USD')
    expect(searchHref(state, { page: 3 })).toContain('page=3')
    expect(searchHref(DEFAULT_STATE)).toBe('/search')
  })

  it('toggles one value of a multi-valued filter', () => {
    expect(toggled(state, 'offer', 'equipment')).toEqual({ offer: ['placement', 'equipment'] })
    expect(toggled(state, 'offer', 'placement')).toEqual({ offer: [] })
  })

  it('leaves empty fields, defaults and a place without "nearest" out of a form submission', () => {
    const submitted = formParams([
      ['q', ' ke toan '],
      ['offer', 'placement'],
      ['min', ''],
      ['max', ''],
      ['currency', 'USD'],
      ['per', 'day'],
      ['sort', 'relevance'],
      ['near', 'Đông Anh'],
    ])
    expect(submitted.toString()).toBe('q=ke+toan&offer=placement')
    const nearest = formParams([['sort', 'nearest'], ['near', 'Đông Anh'], ['language', 'en'], ['max', 'abc'], ['currency', 'EUR'], ['per', 'day'], ['q', 'han'], ['unknown', '1']])
    // In the links' order; a bad amount goes through: the loader says what is wrong next to its field.
    expect(nearest.toString()).toBe('q=han&language=en&max=abc&currency=EUR&sort=nearest&near=%C4%90%C3%B4ng+Anh')
  })
})

describe('scope and bands', () => {
  it('searches needs, offers or both depending on the kinds chosen', () => {
    expect(typesInScope({ need: [], offer: [] })).toEqual(['need', 'offer'])
    expect(typesInScope({ need: ['internship'], offer: [] })).toEqual(['need'])
    expect(typesInScope({ need: [], offer: ['placement'] })).toEqual(['offer'])
    expect(typesInScope({ need: ['internship'], offer: ['placement'] })).toEqual(['need', 'offer'])
  })

  it('marks a band chosen only when the range says exactly that band in VND per day', () => {
    const band = PRICE_BANDS[1]!
    expect(isBandSelected({ ...DEFAULT_STATE, min: band.min, max: band.max }, band)).toBe(true)
    expect(isBandSelected({ ...DEFAULT_STATE, min: band.min, max: band.max, currency: 'USD' }, band)).toBe(false)
    expect(isBandSelected({ ...DEFAULT_STATE, min: band.min, max: null }, band)).toBe(false)
  })
})
