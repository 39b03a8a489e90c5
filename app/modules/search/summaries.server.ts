import type { ListingSummary, MoneyView } from '~/modules/listings/view'
import type { ListingDocument } from '~/modules/search/documents.server'
import { isCurrency, toMinorUnits } from '~/utils/money'

// A search document as the card listing pages show (ListingSummary): matches come back as
// documents (checked against the database already), so their cards need no second query.

function moneyView(amount: number | null, currency: string | null, per: MoneyView['per']): MoneyView | null {
  if (amount === null || !currency || !isCurrency(currency)) return null
  return { amount: toMinorUnits(amount, currency), currency, per }
}

export function documentSummary(doc: ListingDocument): ListingSummary {
  const common = {
    key: doc.key,
    title: doc.title,
    occupations: doc.occupations,
    languages: doc.languages,
    startDate: doc.startDate,
    endDate: doc.endDate,
    status: doc.status,
    // Documents exist only for public listings (documents.server.ts isIndexable).
    pendingReview: false,
    hidden: false,
  }
  if (doc.type === 'need') {
    return {
      ...common,
      type: 'need',
      kind: doc.kind,
      quantity: doc.quantity,
      money: moneyView(doc.budgetAmount, doc.budgetCurrency, doc.budgetPer),
      remote: !doc.onSite,
      owner: { type: 'org', key: doc.ownerKey, name: doc.ownerName, nameVi: doc.ownerNameVi, verified: doc.verified, district: doc.district, orgKind: 'college' },
    }
  }
  return {
    ...common,
    type: 'offer',
    kind: doc.kind,
    quantity: doc.capacity,
    money: moneyView(doc.priceAmount, doc.priceCurrency, doc.pricePer),
    remote: doc.remote,
    owner: {
      type: doc.ownerType,
      key: doc.ownerKey,
      name: doc.ownerName,
      nameVi: doc.ownerNameVi,
      verified: doc.verified,
      district: doc.district,
      // Needs are posted by colleges and offers by businesses (or experts).
      orgKind: doc.ownerType === 'org' ? 'business' : null,
    },
  }
}
