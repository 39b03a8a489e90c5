import { Prisma } from '~/generated/prisma/client'
import { recordAudit } from '~/modules/audit/audit.server'
import type { Tx } from '~/modules/db/db.server'
import { judgeTransition, type Lifecycle } from './lifecycle'

// The one way a lifecycle changes state, inside the caller's transaction: lock the row,
// read it, no-op when it is already there, check the action may start from its state, run
// the guard, update, audit, and record the outbox events. Everything commits together or
// not at all, so the audit log and the outbox never disagree with the row.

/** Tables whose rows have a lifecycle; the name is the table's, as Prisma creates it. */
export type LifecycleTable = 'Need' | 'Offer' | 'Proposal' | 'Agreement' | 'Payment'

export type TransitionOutcome<State extends string, Row, Refusal> =
  | { ok: true; row: Row; from: State; to: State; changed: boolean }
  | { ok: false; reason: 'not-found' | 'not-allowed' }
  | { ok: false; reason: 'refused'; refusal: Refusal }

export type TransitionSpec<State extends string, Action extends string, Row extends { status: State }, Refusal> = {
  lifecycle: Lifecycle<State, Action>
  action: Action
  table: LifecycleTable
  id: string
  /** who acts; null for the system (expiry, reconciliation) */
  actorId: string | null
  /** the audit action's prefix, e.g. `need` for `need.publish` */
  auditName: string
  /** reads the locked row, scoped to what the actor may change (null: not theirs, or gone) */
  load: (tx: Tx) => Promise<Row | null>
  /** a domain refusal (a cap, a date, a remaining quantity), or null to go ahead */
  guard?: (tx: Tx, row: Row, to: State) => Promise<Refusal | null>
  update: (tx: Tx, row: Row, to: State) => Promise<unknown>
  /** the outbox events the change causes (search index, email, payment provider) */
  events: (tx: Tx, row: Row, to: State) => Promise<void>
}

/** Locks one row until the transaction ends, so two transitions of it run one after the other. */
async function lockRow(tx: Tx, table: LifecycleTable, id: string) {
  await tx.$queryRaw`SELECT 1 FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id} FOR UPDATE`
}

export async function transition<State extends string, Action extends string, Row extends { status: State }, Refusal>(
  tx: Tx,
  spec: TransitionSpec<State, Action, Row, Refusal>,
): Promise<TransitionOutcome<State, Row, Refusal>> {
  await lockRow(tx, spec.table, spec.id)
  const row = await spec.load(tx)
  if (!row) return { ok: false, reason: 'not-found' }
  const from = row.status
  const to = spec.lifecycle.transitions[spec.action].to
  const verdict = judgeTransition(spec.lifecycle, spec.action, from)
  if (verdict === 'same') return { ok: true, row, from, to, changed: false }
  if (verdict === 'not-allowed') return { ok: false, reason: 'not-allowed' }
  const refusal = spec.guard ? await spec.guard(tx, row, to) : null
  if (refusal !== null) return { ok: false, reason: 'refused', refusal }
  await spec.update(tx, row, to)
  await recordAudit(tx, spec.actorId, `${spec.auditName}.${spec.action}`, spec.table, spec.id, { from, to })
  await spec.events(tx, row, to)
  return { ok: true, row, from, to, changed: true }
}
