import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import { todayInHanoi } from '~/modules/i18n/i18n'
import { formatAmountInput, parseAmount } from '~/modules/listings/amounts'
import { readNeedDetails, readOfferDetails } from '~/modules/listings/details'
import { needFormDefaults, offerFormDefaults } from '~/modules/listings/form-defaults'
import { splitTerms } from '~/modules/listings/form-fields'
import { needFormSchema, offerFormSchema, type FormOptions, type NeedForm, type OfferForm } from '~/modules/listings/form-schemas'
import { MAX_IMAGE_BYTES, type NeedKind, type OfferKind } from '~/modules/listings/vocabulary'
import { CURRENCIES } from '~/utils/money'

// The listing forms' shared schemas, run the way the browser and the server run them:
// Conform's parseWithZod over FormData.

const TODAY = '2027-01-15'
const create: FormOptions = { mode: 'create', today: TODAY }

type Fields = Record<string, string | string[] | File | undefined>

function formData(fields: Fields): FormData {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue // a field the form leaves empty
    for (const item of Array.isArray(value) ? value : [value]) data.append(name, item)
  }
  return data
}

function parseNeed(kind: NeedKind, fields: Fields, options: FormOptions = create) {
  return parseWithZod(formData(fields), { schema: needFormSchema(kind, options) })
}

function parseOffer(kind: OfferKind, fields: Fields, options: FormOptions = create) {
  return parseWithZod(formData(fields), { schema: offerFormSchema(kind, options) })
}

function valueOf<T>(submission: { status?: string; value?: T }): T {
  expect(errorsOf(submission), 'expected no errors').toEqual({})
  expect(submission.status).toBe('success')
  return submission.value!
}

/** Error keys (translation keys) by field name. */
function errorsOf(submission: object): Record<string, unknown> {
  return ('error' in submission && submission.error ? submission.error : {}) as Record<string, unknown>
}

const dates = { startDate: '2027-03-01', endDate: '2027-05-28' }

const internship: Fields = {
  title: 'Thực tập 12 tuần cho sinh viên Điện công nghiệp',
  description: 'Sinh viên năm 3.',
  'occupations[0]': 'Điện công nghiệp',
  'occupations[1]': '',
  'skills[0]': 'PLC S7-1200, biến tần',
  'skills[1]': 'an toàn điện',
  quantity: '24',
  ...dates,
  siteRequirements: 'Có xe đưa đón',
  stipendAmount: '2.500.000',
  stipendCurrency: 'VND',
  supervisorContact: 'Cô Lan, 0912 345 678',
  fundingCurrency: 'VND',
}

const lease: Fields = {
  title: 'Cho thuê máy hàn MIG',
  capacity: '4',
  equipmentTerms: 'lease',
  condition: 'good',
  currency: 'VND',
  monthlyPrice: '1.200.000',
  deposit: '5.000.000',
  returnTerms: 'Trả lại sau 12 tháng',
  pickupArea: 'Long Biên',
  ...dates,
}

const service: Fields = {
  title: 'PLC train-the-trainer',
  'occupations[0]': 'Mechatronics',
  rateAmount: '450',
  rateCurrency: 'USD',
  ratePer: 'day',
  languages: ['en', 'de'],
  mode: 'onsite',
  availability: 'Two weeks per quarter',
  ...dates,
}

const trainingOrder: Fields = {
  title: 'Tuyển 15 kỹ thuật viên SMT sau đào tạo',
  'occupations[0]': 'Điện tử công nghiệp',
  'skills[0]': 'vận hành máy SMT, đọc bản vẽ',
  capacity: '15',
  standard: 'Vận hành và bảo trì dây chuyền SMT không cần kèm cặp',
  certificate: 'Chứng chỉ kỹ năng nghề quốc gia bậc 2',
  languages: ['vi', 'en'],
  recruiterContact: 'Chị Hoa, 0912 000 222',
  startDate: '2027-02-01',
  endDate: '2027-08-31',
}

describe('parseAmount', () => {
  it('reads plain digits, Vietnamese and English grouping and decimals into minor units', () => {
    const cases: [string, 'VND' | 'USD' | 'EUR', number][] = [
      ['2500000', 'VND', 2_500_000],
      ['2.500.000', 'VND', 2_500_000],
      ['2,500,000', 'VND', 2_500_000],
      ['2 500 000', 'VND', 2_500_000],
      ['2.500.000 ₫', 'VND', 2_500_000],
      ['450,00', 'VND', 450],
      ['450', 'USD', 45_000],
      ['450.5', 'USD', 45_050],
      ['450,50', 'USD', 45_050],
      ['1.234,56', 'EUR', 123_456],
      ['1,234.56', 'EUR', 123_456],
      ['$450', 'USD', 45_000],
      // three digits after the separator are a thousands group
      ['2.500', 'USD', 250_000],
    ]
    for (const [text, currency, minor] of cases) expect(parseAmount(text, currency), `${text} ${currency}`).toEqual({ ok: true, minor })
  })

  it('refuses what is not an amount of the currency, with the reason', () => {
    expect(parseAmount('abc', 'VND')).toEqual({ ok: false, error: 'listings.validation.amount' })
    expect(parseAmount('-5', 'VND')).toEqual({ ok: false, error: 'listings.validation.amount' })
    expect(parseAmount('1.2.3', 'USD')).toEqual({ ok: false, error: 'listings.validation.amount' })
    expect(parseAmount('1,5', 'VND')).toEqual({ ok: false, error: 'listings.validation.amountDecimals' })
    expect(parseAmount('1.005', 'USD')).toEqual({ ok: true, minor: 100_500 }) // a thousands group, not 1.005
    expect(parseAmount('1.0055', 'USD')).toEqual({ ok: false, error: 'listings.validation.amountDecimals' })
    expect(parseAmount('0', 'USD')).toEqual({ ok: false, error: 'listings.validation.amountPositive' })
    expect(parseAmount('9'.repeat(17), 'VND')).toEqual({ ok: false, error: 'listings.validation.amountTooLarge' })
  })

  it('reads back what the edit form shows, in both languages', () => {
    for (const currency of CURRENCIES) {
      for (const minor of [1, 99, 100, 45_050, 2_500_000, 123_456_789, 9_007_199_254_740]) {
        for (const lng of ['vi', 'en'] as const) {
          const shown = formatAmountInput(minor, currency, lng)
          expect(parseAmount(shown, currency), `${minor} ${currency} ${lng}: "${shown}"`).toEqual({ ok: true, minor })
        }
      }
    }
    expect(formatAmountInput(2_500_000, 'VND', 'vi')).toBe('2.500.000')
    expect(formatAmountInput(45_050, 'USD', 'en')).toBe('450.50')
    expect(formatAmountInput(45_000, 'USD', 'vi')).toBe('450')
  })
})

describe('dates', () => {
  it('today is the calendar day in Hà Nội (UTC+7)', () => {
    expect(todayInHanoi(new Date('2027-03-01T16:59:59Z'))).toBe('2027-03-01')
    expect(todayInHanoi(new Date('2027-03-01T17:00:00Z'))).toBe('2027-03-02')
  })

  it('requires real, ordered dates', () => {
    expect(errorsOf(parseNeed('internship', { ...internship, startDate: '2027-02-30' }))).toMatchObject({ startDate: ['listings.validation.date'] })
    expect(errorsOf(parseNeed('internship', { ...internship, endDate: '28/05/2027' }))).toMatchObject({ endDate: ['listings.validation.date'] })
    expect(errorsOf(parseNeed('internship', { ...internship, startDate: '2027-06-01' }))).toMatchObject({ endDate: ['listings.validation.endBeforeStart'] })
    const { startDate: _s, endDate: _e, ...undated } = internship
    expect(errorsOf(parseNeed('internship', undated))).toMatchObject({ startDate: ['validation.required'], endDate: ['validation.required'] })
    // a one-day window is fine
    valueOf(parseNeed('internship', { ...internship, startDate: '2027-05-28' }))
  })

  it('refuses an end date in the past only for listings that will be open', () => {
    const past = { ...internship, startDate: '2026-12-01', endDate: '2027-01-14' }
    expect(errorsOf(parseNeed('internship', past))).toMatchObject({ endDate: ['listings.validation.endInPast'] })
    expect(errorsOf(parseNeed('internship', { ...past, intent: 'publish' }))).toMatchObject({ endDate: ['listings.validation.endInPast'] })
    valueOf(parseNeed('internship', { ...past, intent: 'draft' }))
    expect(errorsOf(parseNeed('internship', past, { mode: 'edit', open: true, today: TODAY }))).toMatchObject({ endDate: ['listings.validation.endInPast'] })
    valueOf(parseNeed('internship', past, { mode: 'edit', open: false, today: TODAY }))
    // ending today is still open today
    valueOf(parseNeed('internship', { ...past, endDate: TODAY }))
  })
})

describe('internship needs', () => {
  it('become the need columns and details', () => {
    const form = valueOf<NeedForm>(parseNeed('internship', internship))
    expect(form.intent).toBeUndefined()
    expect(form.image).toBeUndefined()
    expect(form.values).toEqual({
      title: 'Thực tập 12 tuần cho sinh viên Điện công nghiệp',
      description: 'Sinh viên năm 3.',
      occupations: ['Điện công nghiệp'],
      occupationsOther: [],
      skills: ['PLC S7-1200', 'biến tần', 'an toàn điện'],
      quantity: 24,
      startDate: '2027-03-01',
      endDate: '2027-05-28',
      budgetAmount: 2_500_000,
      budgetCurrency: 'VND',
      budgetPer: 'month',
      days: null,
      languages: [],
      onSite: true,
      fundingGoal: null,
      fundingCurrency: null,
      acceptedTerms: [],
      estimatedValue: null,
      details: { siteRequirements: 'Có xe đưa đón', supervisorContact: 'Cô Lan, 0912 345 678' },
    })
  })

  it('needs an occupation and a positive whole number of students; says so next to the field', () => {
    const { 'occupations[0]': _o, quantity: _q, ...rest } = internship
    expect(errorsOf(parseNeed('internship', { ...rest, 'occupations[0]': '  ', quantity: '0' }))).toMatchObject({
      occupations: ['listings.validation.atLeastOneOccupation'],
      quantity: ['listings.validation.positive'],
    })
    expect(errorsOf(parseNeed('internship', { ...internship, quantity: '1.5' }))).toMatchObject({ quantity: ['listings.validation.wholeNumber'] })
    expect(errorsOf(parseNeed('internship', { ...internship, quantity: 'hai mươi' }))).toMatchObject({ quantity: ['listings.validation.wholeNumber'] })
    expect(errorsOf(parseNeed('internship', { ...internship, quantity: '' }))).toMatchObject({ quantity: ['validation.required'] })
    expect(errorsOf(parseNeed('internship', { ...internship, quantity: '1000001' }))).toMatchObject({ quantity: ['listings.validation.tooLarge'] })
    expect(errorsOf(parseNeed('internship', { ...internship, title: '   ' }))).toMatchObject({ title: ['validation.required'] })
  })

  it('reports a bad amount next to it and a funding goal without a currency next to the currency', () => {
    expect(errorsOf(parseNeed('internship', { ...internship, stipendAmount: 'ba triệu' }))).toMatchObject({ stipendAmount: ['listings.validation.amount'] })
    expect(errorsOf(parseNeed('internship', { ...internship, fundingAmount: '10.000.000', fundingCurrency: '' }))).toMatchObject({ fundingCurrency: ['validation.choose'] })
    const funded = valueOf<NeedForm>(parseNeed('internship', { ...internship, fundingAmount: '1.500', fundingCurrency: 'USD' }))
    expect(funded.values).toMatchObject({ fundingGoal: 150_000, fundingCurrency: 'USD' })
  })
})

describe('lists of occupations and skills', () => {
  it('split entries on commas, drop empty boxes and repeats (any case), keep the order', () => {
    expect(splitTerms(['Hàn, Cơ điện tử', undefined, '  ', 'hàn', 'Cơ  điện tử ; Tiện CNC'])).toEqual(['Hàn', 'Cơ điện tử', 'Tiện CNC'])
  })

  it('refuse over-long entries and too many of them', () => {
    expect(errorsOf(parseNeed('internship', { ...internship, 'skills[0]': 'x'.repeat(121) }))).toMatchObject({ 'skills[0]': ['listings.validation.termTooLong'] })
    const many = Array.from({ length: 21 }, (_, i) => `kỹ năng ${i}`).join(', ')
    expect(errorsOf(parseNeed('internship', { ...internship, 'skills[0]': many }))).toMatchObject({ skills: ['listings.validation.tooManyTerms'] })
  })
})

describe('equipment needs', () => {
  const equipment: Fields = {
    title: 'Máy tiện CNC cho xưởng',
    item: 'Máy tiện CNC cỡ nhỏ, Fanuc',
    purpose: 'Thực hành tiện cho 60 sinh viên mỗi năm',
    quantity: '2',
    'occupations[0]': 'Cắt gọt kim loại',
    acceptedTerms: ['lease', 'donate'],
    currency: 'VND',
    leaseBudget: '8.000.000',
    estimatedValue: '450.000.000',
    fundingAmount: '100.000.000',
    fundingCurrency: 'VND',
    ...dates,
  }

  it('keep accepted terms in a fixed order, the monthly lease budget and the value in one currency', () => {
    const { values } = valueOf<NeedForm>(parseNeed('equipment', equipment))
    expect(values).toMatchObject({
      quantity: 2,
      acceptedTerms: ['donate', 'lease'],
      budgetAmount: 8_000_000,
      budgetCurrency: 'VND',
      budgetPer: 'month',
      estimatedValue: 450_000_000,
      fundingGoal: 100_000_000,
      fundingCurrency: 'VND',
      details: { item: 'Máy tiện CNC cỡ nhỏ, Fanuc', purpose: 'Thực hành tiện cho 60 sinh viên mỗi năm' },
    })
  })

  it('keep the currency for an estimated value without a lease budget', () => {
    const { leaseBudget: _l, ...rest } = equipment
    const { values } = valueOf<NeedForm>(parseNeed('equipment', { ...rest, acceptedTerms: 'donate', currency: 'EUR', estimatedValue: '12.000' }))
    expect(values).toMatchObject({ budgetAmount: null, budgetCurrency: 'EUR', budgetPer: null, estimatedValue: 1_200_000 })
  })

  it('need at least one accepted term, and a lease budget only with a lease', () => {
    const { acceptedTerms: _a, ...rest } = equipment
    expect(errorsOf(parseNeed('equipment', rest))).toMatchObject({
      acceptedTerms: ['listings.validation.atLeastOneTerm'],
      leaseBudget: ['listings.validation.leaseBudgetWithoutLease'],
    })
    expect(errorsOf(parseNeed('equipment', { ...equipment, acceptedTerms: 'rent' }))).toHaveProperty('acceptedTerms[0]')
    expect(errorsOf(parseNeed('equipment', { ...equipment, item: '' }))).toMatchObject({ item: ['validation.required'] })
  })
})

describe('expert needs', () => {
  const expert: Fields = {
    title: 'Chuyên gia đào tạo giáo viên PLC',
    subject: 'Lập trình PLC theo chuẩn Đức',
    'occupations[0]': 'Cơ điện tử',
    languages: ['en', 'de'],
    mode: 'remote',
    daysNeeded: '10',
    budgetAmount: '500',
    budgetCurrency: 'USD',
    budgetPer: 'day',
    ...dates,
  }

  it('carry teaching languages, the work mode, the days and a daily budget', () => {
    const { values } = valueOf<NeedForm>(parseNeed('expert', expert))
    expect(values).toMatchObject({
      quantity: 1,
      languages: ['en', 'de'],
      onSite: false,
      budgetAmount: 50_000,
      budgetCurrency: 'USD',
      budgetPer: 'day',
      days: 10,
      details: { subject: 'Lập trình PLC theo chuẩn Đức' },
    })
  })

  it('may leave the days out (a total budget then spreads over the dates)', () => {
    const { values } = valueOf<NeedForm>(parseNeed('expert', { ...expert, daysNeeded: '' }))
    expect(values).toMatchObject({ days: null, details: { subject: 'Lập trình PLC theo chuẩn Đức' } })
    expect(errorsOf(parseNeed('expert', { ...expert, daysNeeded: '0' }))).toMatchObject({ daysNeeded: ['listings.validation.positive'] })
  })

  it('need a language and a unit for the budget; accept no budget at all', () => {
    const { languages: _l, budgetPer: _p, ...rest } = expert
    expect(errorsOf(parseNeed('expert', rest))).toMatchObject({ languages: ['listings.validation.atLeastOneLanguage'], budgetPer: ['validation.choose'] })
    expect(errorsOf(parseNeed('expert', { ...expert, languages: 'German' }))).toHaveProperty('languages[0]')
    expect(errorsOf(parseNeed('expert', { ...expert, budgetPer: 'month' }))).toMatchObject({ budgetPer: ['validation.choose'] })
    const { budgetAmount: _a, ...unbudgeted } = expert
    expect(valueOf<NeedForm>(parseNeed('expert', unbudgeted)).values).toMatchObject({ budgetAmount: null, budgetCurrency: null, budgetPer: null })
  })
})

describe('offers', () => {
  it('placements: capacity, site address, monthly stipend, mentor contact', () => {
    const form = valueOf<OfferForm>(
      parseOffer('placement', {
        title: 'Nhận 10 sinh viên Cơ điện tử',
        'occupations[0]': 'Cơ điện tử',
        capacity: '10',
        site: 'Nhà máy số 2',
        siteAddress: 'Lô C4, KCN Thăng Long, Đông Anh',
        stipendAmount: '3000000',
        stipendCurrency: 'VND',
        mentorContact: 'Anh Đức, 0987 000 111',
        languages: 'vi',
        ...dates,
      }),
    )
    expect(form.values).toMatchObject({
      capacity: 10,
      priceAmount: 3_000_000,
      priceCurrency: 'VND',
      pricePer: 'month',
      equipmentTerms: null,
      languages: ['vi'],
      remote: false,
      details: { site: 'Nhà máy số 2', siteAddress: 'Lô C4, KCN Thăng Long, Đông Anh', mentorContact: 'Anh Đức, 0987 000 111' },
    })
    expect(errorsOf(parseOffer('placement', { title: 'x', 'occupations[0]': 'Hàn', capacity: '-3', ...dates }))).toMatchObject({
      capacity: ['listings.validation.positive'],
      siteAddress: ['validation.required'],
    })
  })

  it('equipment leases: monthly price, deposit, condition and return terms', () => {
    const { values } = valueOf<OfferForm>(parseOffer('equipment', lease))
    expect(values).toMatchObject({
      capacity: 4,
      equipmentTerms: 'lease',
      priceAmount: 1_200_000,
      priceCurrency: 'VND',
      pricePer: 'month',
      occupations: [],
      details: { condition: 'good', deposit: { amount: 5_000_000, currency: 'VND' }, returnTerms: 'Trả lại sau 12 tháng', pickupArea: 'Long Biên' },
    })
  })

  it('equipment: a lease needs a price, a loan has none, a donation has no deposit', () => {
    const { monthlyPrice: _m, ...unpriced } = lease
    expect(errorsOf(parseOffer('equipment', unpriced))).toMatchObject({ monthlyPrice: ['validation.required'] })
    expect(errorsOf(parseOffer('equipment', { ...lease, equipmentTerms: 'lend' }))).toMatchObject({ monthlyPrice: ['listings.validation.priceOnlyForLease'] })
    const { monthlyPrice: _p, ...donation } = lease
    expect(errorsOf(parseOffer('equipment', { ...donation, equipmentTerms: 'donate' }))).toMatchObject({ deposit: ['listings.validation.depositNotForDonation'] })
    expect(errorsOf(parseOffer('equipment', { ...lease, condition: 'broken' }))).toMatchObject({ condition: ['validation.choose'] })
  })

  it('sponsorship: a total amount and focus districts', () => {
    const { values } = valueOf<OfferForm>(
      parseOffer('sponsorship', { title: 'Quỹ học bổng', amount: '50.000.000', currency: 'VND', 'districts[0]': 'Đông Anh, Sóc Sơn', ...dates }),
    )
    expect(values).toMatchObject({ capacity: null, priceAmount: 50_000_000, priceCurrency: 'VND', pricePer: 'total', details: { districts: ['Đông Anh', 'Sóc Sơn'] } })
    expect(errorsOf(parseOffer('sponsorship', { title: 'Quỹ', currency: 'VND', ...dates }))).toMatchObject({ amount: ['validation.required'] })
  })

  it('expert services: a daily rate in USD; a foreign expert on site states the work permit', () => {
    const foreign = { ...create, foreignExpert: true }
    expect(errorsOf(parseOffer('expert_service', service, foreign))).toMatchObject({ workPermit: ['listings.validation.workPermitRequired'] })
    const { values } = valueOf<OfferForm>(parseOffer('expert_service', { ...service, workPermit: 'exempt' }, foreign))
    expect(values).toMatchObject({
      capacity: 1,
      priceAmount: 45_000,
      priceCurrency: 'USD',
      pricePer: 'day',
      languages: ['en', 'de'],
      remote: false,
      details: { availability: 'Two weeks per quarter', workPermit: 'exempt' },
    })
    // remote work or a Vietnamese expert: no permit question, nothing stored
    expect(valueOf<OfferForm>(parseOffer('expert_service', { ...service, mode: 'remote', workPermit: 'exempt' }, foreign)).values.details).toEqual({
      availability: 'Two weeks per quarter',
    })
    valueOf(parseOffer('expert_service', service))
    const { rateAmount: _r, ...unpriced } = service
    expect(errorsOf(parseOffer('expert_service', unpriced))).toMatchObject({ rateAmount: ['validation.required'] })
  })
})

describe('training orders', () => {
  it('become the number of graduates to hire, the skills and the standard in details; no price', () => {
    const { values } = valueOf<OfferForm>(parseOffer('training_order', { ...trainingOrder, stipendAmount: '3000000', stipendCurrency: 'VND' }))
    expect(values).toMatchObject({
      occupations: ['Điện tử công nghiệp'],
      skills: ['vận hành máy SMT', 'đọc bản vẽ'],
      capacity: 15,
      // the end date is the date graduates must be ready by
      startDate: '2027-02-01',
      endDate: '2027-08-31',
      priceAmount: null,
      priceCurrency: null,
      pricePer: null,
      equipmentTerms: null,
      languages: ['vi', 'en'],
      remote: false,
      details: {
        standard: 'Vận hành và bảo trì dây chuyền SMT không cần kèm cặp',
        certificate: 'Chứng chỉ kỹ năng nghề quốc gia bậc 2',
        recruiterContact: 'Chị Hoa, 0912 000 222',
      },
    })
    // the certificate and the contact are optional and then not stored
    const { certificate: _c, recruiterContact: _r, ...plain } = trainingOrder
    expect(valueOf<OfferForm>(parseOffer('training_order', plain)).values.details).toEqual({ standard: 'Vận hành và bảo trì dây chuyền SMT không cần kèm cặp' })
  })

  it('need an occupation, a positive number of graduates, the standard and ready-by after the start', () => {
    const { standard: _s, ...unstated } = trainingOrder
    expect(errorsOf(parseOffer('training_order', { ...unstated, 'occupations[0]': '', capacity: '0', endDate: '2027-01-31' }))).toMatchObject({
      occupations: ['listings.validation.atLeastOneOccupation'],
      capacity: ['listings.validation.positive'],
      standard: ['validation.required'],
      endDate: ['listings.validation.endBeforeStart'],
    })
  })

  it('read stored details back, and anything that does not fit as none', () => {
    expect(readOfferDetails('training_order', { standard: 'IPC-A-610', certificate: 'Bậc 2' })).toEqual({ standard: 'IPC-A-610', certificate: 'Bậc 2' })
    expect(readOfferDetails('training_order', { standard: 42 })).toEqual({})
  })
})

describe('pictures', () => {
  it('are optional, at most 5 MB, and JPEG, PNG or WebP', () => {
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'xuong.png', { type: 'image/png' })
    expect(valueOf<NeedForm>(parseNeed('internship', { ...internship, image: png, imageAlt: 'Xưởng điện' }))).toMatchObject({ image: png, imageAlt: 'Xưởng điện' })
    const empty = new File([], '', { type: 'application/octet-stream' })
    expect(valueOf<NeedForm>(parseNeed('internship', { ...internship, image: empty })).image).toBeUndefined()
    const big = new File([new Uint8Array(MAX_IMAGE_BYTES + 1)], 'big.jpg', { type: 'image/jpeg' })
    expect(errorsOf(parseNeed('internship', { ...internship, image: big }))).toMatchObject({ image: ['listings.validation.imageTooLarge'] })
    const pdf = new File(['%PDF-1.7'], 'cv.pdf', { type: 'application/pdf' })
    expect(errorsOf(parseNeed('internship', { ...internship, image: pdf }))).toMatchObject({ image: ['listings.validation.imageType'] })
  })
})

describe('edit forms', () => {
  it('show a saved listing so that saving it unchanged gives the same values, for every kind', () => {
    const needs: Record<NeedKind, Fields> = {
      internship,
      equipment: { title: 'Máy hàn', item: 'Máy hàn MIG', quantity: '3', 'occupations[0]': 'Hàn', acceptedTerms: ['lend', 'lease'], currency: 'EUR', leaseBudget: '1.234,50', estimatedValue: '9.000', ...dates },
      expert: { title: 'Chuyên gia', subject: 'Du lịch', 'occupations[0]': 'Hướng dẫn du lịch', languages: ['fr'], mode: 'onsite', daysNeeded: '5', budgetAmount: '2.000', budgetCurrency: 'EUR', budgetPer: 'total', fundingAmount: '20.000.000', fundingCurrency: 'VND', ...dates },
    }
    for (const lng of ['vi', 'en'] as const) {
      for (const kind of Object.keys(needs) as NeedKind[]) {
        const saved = valueOf<NeedForm>(parseNeed(kind, needs[kind])).values
        const shown = needFormDefaults(kind, saved, lng) as Fields
        expect(valueOf<NeedForm>(parseNeed(kind, shown, { mode: 'edit', open: true, today: TODAY })).values, `${kind} ${lng}`).toEqual(saved)
      }
    }
    const offers: Record<OfferKind, Fields> = {
      placement: { title: 'Chỗ thực tập', 'occupations[0]': 'Hàn', capacity: '5', siteAddress: 'Đông Anh', stipendAmount: '150', stipendCurrency: 'USD', languages: ['vi', 'ja'], ...dates },
      equipment: lease,
      sponsorship: { title: 'Tài trợ', amount: '10000', currency: 'USD', 'occupations[0]': 'Hàn', 'districts[0]': 'Ba Vì', ...dates },
      expert_service: { ...service, workPermit: 'needs_sponsor' },
      training_order: trainingOrder,
    }
    for (const lng of ['vi', 'en'] as const) {
      for (const kind of Object.keys(offers) as OfferKind[]) {
        const options = { ...create, foreignExpert: true }
        const saved = valueOf<OfferForm>(parseOffer(kind, offers[kind], options)).values
        const shown = offerFormDefaults(kind, saved, lng) as Fields
        expect(valueOf<OfferForm>(parseOffer(kind, shown, { ...options, mode: 'edit', open: true })).values, `${kind} ${lng}`).toEqual(saved)
      }
    }
  })

  it('read details that are missing or do not fit the kind as none', () => {
    expect(readNeedDetails('internship', {})).toEqual({})
    expect(readNeedDetails('expert', { daysNeeded: 'ten' })).toEqual({})
    expect(readOfferDetails('equipment', null)).toEqual({})
    expect(readOfferDetails('equipment', { condition: 'good', deposit: { amount: 500, currency: 'USD' } })).toEqual({ condition: 'good', deposit: { amount: 500, currency: 'USD' } })
  })
})

