import { randomUUID } from 'node:crypto'
import type { Tx } from '~/modules/db/db.server'
import type { LedgerGroup } from './ledger-groups'

// The append-only, double-entry ledger of every money movement (a database trigger refuses
// UPDATE and DELETE). A journal is one movement; its entries sum to zero per currency. The
// balances the pages show are sums over it.
//
// Accounts: "payer:<paymentId>" (what a payer paid), "platform:cash" (money held by the
// platform, at Stripe or in its bank account), "platform:fees" (the platform's fee),
// "payee:<party>" (owed to, then paid out to, an expert), "need:<id>" (a sponsorship held for a need).

export type LedgerLine = { account: string; amount: bigint; currency: string; memo?: string }

export class UnbalancedJournal extends Error {
  constructor(readonly currency: string, readonly sum: bigint) {
    super(`ledger journal does not balance in ${currency}: ${sum}`)
  }
}

/** Records one movement; refused (thrown) unless it sums to zero in each currency. */
export async function recordJournal(tx: Tx, paymentId: string | null, lines: readonly LedgerLine[], journal: string = randomUUID()): Promise<string> {
  const sums = new Map<string, bigint>()
  for (const line of lines) sums.set(line.currency, (sums.get(line.currency) ?? 0n) + line.amount)
  for (const [currency, sum] of sums) if (sum !== 0n) throw new UnbalancedJournal(currency, sum)
  const entries = lines.filter((line) => line.amount !== 0n)
  if (entries.length) {
    await tx.ledgerEntry.createMany({ data: entries.map((line) => ({ journal, paymentId, account: line.account, amount: line.amount, currency: line.currency, memo: line.memo ?? '' })) })
  }
  return journal
}

/** An account's balance per currency (debits positive). */
export async function balanceOf(tx: Tx, account: string): Promise<Map<string, bigint>> {
  const rows = await tx.ledgerEntry.groupBy({ by: ['currency'], where: { account }, _sum: { amount: true } })
  return new Map(rows.map((row) => [row.currency, row._sum.amount ?? 0n]))
}

const groupOf = (account: string): LedgerGroup | null =>
  account === 'external:payers'
    ? 'received'
    : account.startsWith('need:')
      ? 'heldForNeeds'
      : account.startsWith('payee:')
        ? 'owedToPayees'
        : account === 'platform:fees'
          ? 'fees'
          : account === 'external:payouts'
            ? 'paidOut'
            : null

/**
 * The ledger's balances by kind of account and currency, as the admins' page shows them. What
 * was received (negative: it came from outside) plus everything else is zero in each currency.
 */
export async function ledgerTotals(tx: Tx): Promise<{ currency: string; totals: Record<LedgerGroup, number> }[]> {
  const rows = await tx.ledgerEntry.groupBy({ by: ['account', 'currency'], _sum: { amount: true } })
  const byCurrency = new Map<string, Record<LedgerGroup, number>>()
  for (const row of rows) {
    const group = groupOf(row.account)
    if (!group) continue
    const totals = byCurrency.get(row.currency) ?? { received: 0, heldForNeeds: 0, owedToPayees: 0, fees: 0, paidOut: 0 }
    totals[group] += Number(row._sum.amount ?? 0n)
    byCurrency.set(row.currency, totals)
  }
  return [...byCurrency].sort(([a], [b]) => a.localeCompare(b)).map(([currency, totals]) => ({ currency, totals: { ...totals, received: -totals.received } }))
}
