// The kinds of ledger account the admins' page totals (ledger.server.ts): money received from
// payers, held for needs, owed to payees, the platform's fees, and paid out. Pure, for the page.
export const LEDGER_GROUPS = ['received', 'heldForNeeds', 'owedToPayees', 'fees', 'paidOut'] as const
export type LedgerGroup = (typeof LEDGER_GROUPS)[number]
