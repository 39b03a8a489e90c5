import type { Prisma } from '~/generated/prisma/client'
import type { Tx } from '~/modules/db/db.server'

/** Appends to the audit log inside the caller's transaction, so the record and the change commit together. */
export async function recordAudit(
  tx: Tx,
  actorId: string | null,
  action: string,
  entityType: string,
  entityId: string,
  data: Prisma.InputJsonObject = {},
) {
  await tx.auditLog.create({ data: { actorId, action, entityType, entityId, data } })
}
