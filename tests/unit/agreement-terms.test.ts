import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import { agreementActionsFor, reviewIsPublic } from '~/modules/proposals/agreement-lifecycle'
import { expertTotal, settleTerms, termsFormValues, termsSchema } from '~/modules/proposals/agreement-terms'
import { agreementKindFor } from '~/modules/listings/vocabulary'

// The rules of agreements that need no database: which pairing makes which kind, the
// per-kind terms form, the expert total, and when a review becomes public.

function form(values: Record<string, string | string[]>): FormData {
  const data = new FormData()
  for (const [key, value] of Object.entries(values)) for (const item of [value].flat()) data.append(key, item)
  return data
}

const common = { intent: 'terms', version: 'v1', startDate: '2030-03-01', endDate: '2030-05-31' }

describe('agreement terms', () => {
  it('names the kind from the pairing', () => {
    expect(agreementKindFor('internship', 'placement')).toBe('placement')
    expect(agreementKindFor('equipment', 'equipment')).toBe('equipment')
    expect(agreementKindFor('expert', 'expert_service')).toBe('expert')
    expect(agreementKindFor('equipment', 'sponsorship')).toBe('sponsorship')
  })

  it('totals an expert contract by day, by hour (8 a day) or as a whole', () => {
    expect(expertTotal(42_000, 'day', 10)).toBe(420_000)
    expect(expertTotal(5_000, 'hour', 2)).toBe(80_000)
    expect(expertTotal(900_000, 'total', 10)).toBe(900_000)
  })

  it('refuses a placement supervisor’s email or telephone that is not one, and keeps valid ones', () => {
    const schema = termsSchema('placement')
    const placement = { ...common, quantity: '4', site: 'Xưởng 2, KCN Thăng Long', supervisors: 'Ông Nguyễn Văn An' }
    const bad = parseWithZod(form({ ...placement, supervisorEmail: 'not-an-email', supervisorPhone: '12-34' }), { schema })
    expect(bad.status === 'error' && bad.error).toMatchObject({ supervisorEmail: ['validation.email'], supervisorPhone: ['validation.phone'] })
    expect(parseWithZod(form({ ...placement, supervisorPhone: '0912 345 678 x' }), { schema }).status).toBe('error')
    const good = parseWithZod(form({ ...placement, supervisorEmail: 'an.nguyen@tlp.vn', supervisorPhone: '+84 912 345 678' }), { schema })
    expect(good.status).toBe('success')
    if (good.status !== 'success') return
    expect(settleTerms('placement', good.value).details).toMatchObject({ supervisorEmail: 'an.nguyen@tlp.vn', supervisorPhone: '+84 912 345 678' })
    // Both stay optional.
    expect(parseWithZod(form(placement), { schema }).status).toBe('success')
  })

  it('asks a lent or leased item for its return date, after the start', () => {
    const schema = termsSchema('equipment')
    const lend = parseWithZod(form({ ...common, quantity: '2', arrangement: 'lend' }), { schema })
    expect(lend.status === 'error' && lend.error).toMatchObject({ returnDate: ['validation.required'] })
    const early = parseWithZod(form({ ...common, quantity: '2', arrangement: 'lease', returnDate: '2030-02-01' }), { schema })
    expect(early.status === 'error' && early.error).toMatchObject({ returnDate: ['agreements.validation.returnBeforeStart'] })
    const donate = parseWithZod(form({ ...common, quantity: '2', arrangement: 'donate', deposit: '5.000.000', depositCurrency: 'VND' }), { schema })
    expect(donate.status).toBe('success')
    if (donate.status !== 'success') return
    // A donation has no return date nor fee, whatever the form held.
    expect(settleTerms('equipment', { ...donate.value, returnDate: '2030-09-01' }).details).toEqual({
      arrangement: 'donate',
      condition: undefined,
      returnDate: undefined,
      deposit: { amount: 5_000_000, currency: 'VND' },
      fee: undefined,
    })
  })

  it('round-trips stored terms through the form values', () => {
    const schema = termsSchema('training_order')
    const submitted = parseWithZod(
      form({ ...common, quantity: '25', standard: 'Hàn TIG, đọc bản vẽ', readyBy: '2030-06-30', hires: '20', salary: '9.000.000', salaryCurrency: 'VND' }),
      { schema },
    )
    expect(submitted.status).toBe('success')
    if (submitted.status !== 'success') return
    const settled = settleTerms('training_order', submitted.value)
    expect(settled).toMatchObject({ quantity: 25, details: { hires: 20, readyBy: '2030-06-30', salary: { amount: 9_000_000, currency: 'VND' } } })
    const values = termsFormValues('training_order', { ...settled, version: 'v1' }, 'vi')
    const filled = Object.entries(values).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
    const again = parseWithZod(form({ intent: 'terms', ...Object.fromEntries(filled) }), { schema })
    expect(again.status === 'success' && settleTerms('training_order', again.value)).toEqual(settled)
  })
})

describe('the agreement lifecycle', () => {
  it('offers each party what its state allows', () => {
    expect(agreementActionsFor('draft', 'need', { confirmedByMe: false, reviewedByMe: false })).toEqual(['terms', 'sign'])
    expect(agreementActionsFor('draft', 'need', { confirmedByMe: true, reviewedByMe: false })).toEqual(['terms'])
    expect(agreementActionsFor('confirmed', 'offer', { confirmedByMe: true, reviewedByMe: false })).toEqual(['complete'])
    expect(agreementActionsFor('completed', 'offer', { confirmedByMe: true, reviewedByMe: false })).toEqual(['review'])
    expect(agreementActionsFor('completed', 'offer', { confirmedByMe: true, reviewedByMe: true })).toEqual([])
    expect(agreementActionsFor('draft', null, { confirmedByMe: false, reviewedByMe: false })).toEqual([])
  })

  it('publishes a review once both are written or 14 days after completion', () => {
    const completedAt = new Date('2030-06-01T00:00:00Z')
    expect(reviewIsPublic({ completedAt, reviewCount: 1 }, new Date('2030-06-14T23:59:59Z'))).toBe(false)
    expect(reviewIsPublic({ completedAt, reviewCount: 1 }, new Date('2030-06-15T00:00:00Z'))).toBe(true)
    expect(reviewIsPublic({ completedAt, reviewCount: 2 }, completedAt)).toBe(true)
  })
})
