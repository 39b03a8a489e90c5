import { describe, expect, it } from 'vitest'
import { en as enLocale } from '~/locales/en'
import { vi as viLocale } from '~/locales/vi'
import { ExpertProfileSchema, ISO_639_1, OrgProfileSchema } from '~/modules/accounts/profile-schemas'
import { ModerationActionSchema, ReportSchema } from '~/modules/moderation/schemas'
import { linesToList, OccupationActionSchema } from '~/modules/taxonomy/schemas'
import { formErrorsOf, formValueOf, submit } from '../support/forms'

// The moderation area's form schemas as a route sees them: FormData parsed by Conform
// (empty fields arrive missing, numbers are coerced), errors as translation keys.

function lookup(locale: unknown, key: string): unknown {
  let node = locale
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined
  return node
}

/** Every message the schemas produce must be a translation in both languages. */
function expectTranslated(errors: Record<string, string[] | null>) {
  for (const message of Object.values(errors).flat()) {
    expect(typeof lookup(viLocale, message!), `vi: ${message}`).toBe('string')
    expect(typeof lookup(enLocale, message!), `en: ${message}`).toBe('string')
  }
}

describe('ReportSchema', () => {
  it('requires a reason of 5 to 1000 characters, trimmed', () => {
    expect(formErrorsOf(ReportSchema, {})).toEqual({ reason: ['validation.required'] })
    expect(formErrorsOf(ReportSchema, { reason: '    ' })).toEqual({ reason: ['validation.required'] })
    expect(formErrorsOf(ReportSchema, { reason: ' spam ' })).toEqual({ reason: ['moderation.validation.reasonTooShort'] })
    expect(formErrorsOf(ReportSchema, { reason: 'x'.repeat(1001) })).toEqual({ reason: ['moderation.validation.reasonTooLong'] })
    expectTranslated(formErrorsOf(ReportSchema, { reason: 'ab' }))
    expect(formValueOf(ReportSchema, { reason: '  Lừa đảo: xin tiền đặt cọc  ' })).toEqual({ reason: 'Lừa đảo: xin tiền đặt cọc' })
    expect(formValueOf(ReportSchema, { reason: 'x'.repeat(1000) }).reason).toHaveLength(1000)
  })
})

describe('ModerationActionSchema', () => {
  it('tells the forms apart by intent and requires a reason only to hide', () => {
    expect(formValueOf(ModerationActionSchema, { intent: 'hide', type: 'need', listingId: 'n1', reason: 'Thông tin sai sự thật' })).toEqual({
      intent: 'hide',
      type: 'need',
      listingId: 'n1',
      reason: 'Thông tin sai sự thật',
    })
    expect(formErrorsOf(ModerationActionSchema, { intent: 'hide', type: 'offer', listingId: 'o1' })).toEqual({ reason: ['validation.required'] })
    expect(formValueOf(ModerationActionSchema, { intent: 'unhide', type: 'offer', listingId: 'o1' })).toEqual({ intent: 'unhide', type: 'offer', listingId: 'o1' })
    expect(formValueOf(ModerationActionSchema, { intent: 'approve', type: 'need', listingId: 'n1' })).toEqual({ intent: 'approve', type: 'need', listingId: 'n1' })
    expect(formValueOf(ModerationActionSchema, { intent: 'dismiss', reportId: 'r1' })).toEqual({ intent: 'dismiss', reportId: 'r1' })
  })

  it('refuses unknown intents, listing types and missing ids', () => {
    expect(submit(ModerationActionSchema, { intent: 'delete', type: 'need', listingId: 'n1' }).status).toBe('error')
    expect(submit(ModerationActionSchema, {}).status).toBe('error')
    expect(formErrorsOf(ModerationActionSchema, { intent: 'approve', type: 'user', listingId: 'n1' })).toEqual({ type: ['validation.invalid'] })
    expect(formErrorsOf(ModerationActionSchema, { intent: 'unhide', type: 'need' })).toEqual({ listingId: ['validation.required'] })
    expect(formErrorsOf(ModerationActionSchema, { intent: 'dismiss' })).toEqual({ reportId: ['validation.required'] })
  })
})

describe('OccupationActionSchema', () => {
  const fields = { nameVi: 'Hàn', nameEn: 'Welding', synonyms: 'thợ hàn\ntho han\n\n  welder  \nTHỢ HÀN', skills: 'hàn TIG\r\nhàn MIG' }

  it('reads synonyms and skills one per line, trimmed, blank lines and repeats dropped', () => {
    expect(formValueOf(OccupationActionSchema, { intent: 'create', key: 'han-2', ...fields })).toEqual({
      intent: 'create',
      key: 'han-2',
      nameVi: 'Hàn',
      nameEn: 'Welding',
      synonyms: ['thợ hàn', 'tho han', 'welder'],
      skills: ['hàn TIG', 'hàn MIG'],
    })
    expect(formValueOf(OccupationActionSchema, { intent: 'update', occupationId: 'o1', nameVi: 'Hàn', nameEn: 'Welding' })).toEqual({
      intent: 'update',
      occupationId: 'o1',
      nameVi: 'Hàn',
      nameEn: 'Welding',
      synonyms: [],
      skills: [],
    })
    expect(linesToList('a\nA\n b \n\nc')).toEqual(['a', 'b', 'c'])
  })

  it('checks the key format, the names and the list sizes', () => {
    for (const key of ['Hàn', 'han xi', 'HAN', 'han_2', 'h'.repeat(65)]) {
      expect(formErrorsOf(OccupationActionSchema, { intent: 'create', key, nameVi: 'Hàn', nameEn: 'Welding' }), key).toEqual({
        key: ['moderation.taxonomy.keyFormat'],
      })
    }
    expect(formErrorsOf(OccupationActionSchema, { intent: 'create' })).toEqual({
      key: ['validation.required'],
      nameVi: ['validation.required'],
      nameEn: ['validation.required'],
    })
    expect(formErrorsOf(OccupationActionSchema, { intent: 'update', occupationId: 'o1', nameVi: '  ', nameEn: 'x'.repeat(201) })).toEqual({
      nameVi: ['validation.required'],
      nameEn: ['validation.tooLong'],
    })
    const many = Array.from({ length: 101 }, (_, i) => `synonym ${i}`).join('\n')
    const tooLong = formErrorsOf(OccupationActionSchema, { intent: 'update', occupationId: 'o1', ...fields, synonyms: many, skills: 'x'.repeat(121) })
    expect(tooLong).toEqual({ synonyms: ['moderation.taxonomy.tooManyItems'], skills: ['moderation.taxonomy.itemTooLong'] })
    expectTranslated(tooLong)
  })
})

describe('OrgProfileSchema', () => {
  it('accepts a full profile, reading a bare domain as https and numbers as coordinates', () => {
    expect(
      formValueOf(OrgProfileSchema, {
        name: ' Van Tri College ',
        nameVi: 'Trường Cao đẳng Vân Trì',
        district: 'Đông Anh',
        address: 'Thôn Vân Trì, Vân Nội',
        website: 'vantri.edu.vn',
        description: 'Đào tạo điện, cơ khí.',
        lat: '21.1367',
        lng: '105.8497',
      }),
    ).toEqual({
      name: 'Van Tri College',
      nameVi: 'Trường Cao đẳng Vân Trì',
      district: 'Đông Anh',
      address: 'Thôn Vân Trì, Vân Nội',
      website: 'https://vantri.edu.vn/',
      description: 'Đào tạo điện, cơ khí.',
      lat: 21.1367,
      lng: 105.8497,
    })
  })

  it('clears optional fields left empty', () => {
    expect(formValueOf(OrgProfileSchema, { name: 'X' })).toEqual({
      name: 'X',
      nameVi: null,
      district: null,
      address: null,
      website: null,
      description: null,
      lat: undefined,
      lng: undefined,
    })
  })

  it('refuses a missing name, bad websites and coordinates, and one coordinate without the other', () => {
    expect(formErrorsOf(OrgProfileSchema, {})).toEqual({ name: ['validation.required'] })
    for (const website of ['javascript:alert(1)', 'ftp://files.example.vn', 'localhost', 'http://', 'not a url']) {
      expect(formErrorsOf(OrgProfileSchema, { name: 'X', website }), website).toEqual({ website: ['moderation.profile.websiteInvalid'] })
    }
    expect(formErrorsOf(OrgProfileSchema, { name: 'X', lat: '91', lng: '-181' })).toEqual({
      lat: ['moderation.profile.latInvalid'],
      lng: ['moderation.profile.lngInvalid'],
    })
    expect(formErrorsOf(OrgProfileSchema, { name: 'X', lat: 'abc', lng: '105' })).toEqual({ lat: ['moderation.profile.latInvalid'] })
    expect(formErrorsOf(OrgProfileSchema, { name: 'X', lat: '21.03' })).toEqual({ lng: ['moderation.profile.coordinatesPair'] })
    expect(formErrorsOf(OrgProfileSchema, { name: 'X', lng: '105.8' })).toEqual({ lat: ['moderation.profile.coordinatesPair'] })
    expectTranslated(formErrorsOf(OrgProfileSchema, { name: 'x'.repeat(201), website: 'x', lat: '100', lng: '0' }))
  })
})

describe('ExpertProfileSchema', () => {
  const profile = { name: 'Katrin Hoffmann', headline: 'Mechatronics trainer', country: 'de', languages: 'EN, de;vi  en' }

  it('reads languages as ISO 639-1 codes, lower-cased and each once, and the country upper-cased', () => {
    expect(formValueOf(ExpertProfileSchema, profile)).toEqual({
      name: 'Katrin Hoffmann',
      headline: 'Mechatronics trainer',
      bio: '',
      country: 'DE',
      languages: ['en', 'de', 'vi'],
      credentials: '',
    })
    expect(ISO_639_1.size).toBe(183)
  })

  it('refuses unknown language codes, no language, a bad country and missing names', () => {
    expect(formErrorsOf(ExpertProfileSchema, { ...profile, languages: 'en, english' })).toEqual({ languages: ['moderation.profile.languagesInvalid'] })
    expect(formErrorsOf(ExpertProfileSchema, { ...profile, languages: 'xx' })).toEqual({ languages: ['moderation.profile.languagesInvalid'] })
    expect(formErrorsOf(ExpertProfileSchema, { ...profile, languages: ' , ' })).toEqual({ languages: ['moderation.profile.languagesRequired'] })
    expect(formErrorsOf(ExpertProfileSchema, { ...profile, languages: '' })).toEqual({ languages: ['moderation.profile.languagesRequired'] })
    expect(formErrorsOf(ExpertProfileSchema, { ...profile, country: 'Germany' })).toEqual({ country: ['validation.country'] })
    const empty = formErrorsOf(ExpertProfileSchema, {})
    expect(empty).toEqual({
      name: ['validation.required'],
      headline: ['validation.required'],
      country: ['validation.required'],
      languages: ['moderation.profile.languagesRequired'],
    })
    expectTranslated(empty)
  })
})
