import type { Currency } from '~/utils/money'
import { formatAmountInput } from './amounts'
import { readNeedDetails, readOfferDetails } from './details'
import type { NeedValues, OfferValues } from './values'
import type { NeedKind, OfferKind } from './vocabulary'

// What the listing forms show before the user types: a new listing's usual currency and
// units, or a saved listing's values (for editing).

/** A new listing's form before the user types: the usual currency and units for the kind. */
export const NEW_NEED_DEFAULTS: Record<NeedKind, FormDefaults> = {
  internship: { stipendCurrency: 'VND', fundingCurrency: 'VND' },
  equipment: { currency: 'VND', fundingCurrency: 'VND' },
  expert: { mode: 'onsite', budgetCurrency: 'USD', budgetPer: 'day', fundingCurrency: 'VND' },
}

export const NEW_OFFER_DEFAULTS: Record<OfferKind, FormDefaults> = {
  placement: { stipendCurrency: 'VND', languages: ['vi'] },
  equipment: { currency: 'VND' },
  sponsorship: { currency: 'VND' },
  expert_service: { mode: 'onsite', rateCurrency: 'USD', ratePer: 'day' },
}

/** What a form field holds before the user types: strings, or lists of strings. */
export type FormDefaults = Record<string, string | string[] | undefined>

const amountDefault = (minor: number | null, currency: Currency | null, lng: 'vi' | 'en') =>
  minor !== null && currency ? formatAmountInput(minor, currency, lng) : undefined

/** A saved need as its form's initial values (for editing). */
export function needFormDefaults(kind: NeedKind, values: NeedValues, lng: 'vi' | 'en'): FormDefaults {
  const common: FormDefaults = {
    title: values.title,
    description: values.description,
    occupations: values.occupations,
    skills: values.skills,
    startDate: values.startDate,
    endDate: values.endDate,
    fundingAmount: amountDefault(values.fundingGoal, values.fundingCurrency, lng),
    fundingCurrency: values.fundingCurrency ?? 'VND',
  }
  switch (kind) {
    case 'internship': {
      const details = readNeedDetails('internship', values.details)
      return {
        ...common,
        quantity: String(values.quantity),
        siteRequirements: details.siteRequirements,
        supervisorContact: details.supervisorContact,
        stipendAmount: amountDefault(values.budgetAmount, values.budgetCurrency, lng),
        stipendCurrency: values.budgetCurrency ?? 'VND',
      }
    }
    case 'equipment': {
      const details = readNeedDetails('equipment', values.details)
      return {
        ...common,
        item: details.item,
        purpose: details.purpose,
        quantity: String(values.quantity),
        acceptedTerms: values.acceptedTerms,
        currency: values.budgetCurrency ?? 'VND',
        leaseBudget: amountDefault(values.budgetAmount, values.budgetCurrency, lng),
        estimatedValue: amountDefault(values.estimatedValue, values.budgetCurrency, lng),
      }
    }
    case 'expert': {
      const details = readNeedDetails('expert', values.details)
      return {
        ...common,
        subject: details.subject,
        languages: values.languages,
        mode: values.onSite ? 'onsite' : 'remote',
        daysNeeded: details.daysNeeded === undefined ? undefined : String(details.daysNeeded),
        budgetAmount: amountDefault(values.budgetAmount, values.budgetCurrency, lng),
        budgetCurrency: values.budgetCurrency ?? 'USD',
        budgetPer: values.budgetPer && values.budgetPer !== 'month' ? values.budgetPer : 'day',
      }
    }
  }
}

/** A saved offer as its form's initial values (for editing). */
export function offerFormDefaults(kind: OfferKind, values: OfferValues, lng: 'vi' | 'en'): FormDefaults {
  const common: FormDefaults = {
    title: values.title,
    description: values.description,
    occupations: values.occupations,
    skills: values.skills,
    startDate: values.startDate,
    endDate: values.endDate,
  }
  const price = amountDefault(values.priceAmount, values.priceCurrency, lng)
  switch (kind) {
    case 'placement': {
      const details = readOfferDetails('placement', values.details)
      return {
        ...common,
        capacity: values.capacity === null ? undefined : String(values.capacity),
        site: details.site,
        siteAddress: details.siteAddress,
        mentorContact: details.mentorContact,
        stipendAmount: price,
        stipendCurrency: values.priceCurrency ?? 'VND',
        languages: values.languages,
      }
    }
    case 'equipment': {
      const details = readOfferDetails('equipment', values.details)
      return {
        ...common,
        capacity: values.capacity === null ? undefined : String(values.capacity),
        equipmentTerms: values.equipmentTerms ?? undefined,
        condition: details.condition,
        currency: values.priceCurrency ?? details.deposit?.currency ?? 'VND',
        monthlyPrice: price,
        deposit: details.deposit ? formatAmountInput(details.deposit.amount, details.deposit.currency, lng) : undefined,
        returnTerms: details.returnTerms,
        pickupArea: details.pickupArea,
      }
    }
    case 'sponsorship': {
      const details = readOfferDetails('sponsorship', values.details)
      return { ...common, amount: price, currency: values.priceCurrency ?? 'VND', districts: details.districts ?? [] }
    }
    case 'expert_service': {
      const details = readOfferDetails('expert_service', values.details)
      return {
        ...common,
        rateAmount: price,
        rateCurrency: values.priceCurrency ?? 'USD',
        ratePer: values.pricePer && values.pricePer !== 'month' ? values.pricePer : 'day',
        languages: values.languages,
        mode: values.remote ? 'remote' : 'onsite',
        availability: details.availability,
        workPermit: details.workPermit,
      }
    }
  }
}
