import { beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import * as adminOutbox from '~/routes/admin.outbox'
import { cookieFor, makeUser } from '../factories/users'
import { args, expectRedirect, get, post, run } from '../support/routes'

// The admins' page of deliveries that stopped: who may see it, and what a retry does.

let admin: string
let adminId: string
let member: string
const ids: Record<'dead' | 'failed' | 'done', string> = { dead: '', failed: '', done: '' }

beforeAll(async () => {
  adminId = (await makeUser({ platformRole: 'admin' })).id
  admin = await cookieFor(adminId)
  member = await cookieFor((await makeUser()).id)
  for (const status of ['dead', 'failed', 'done'] as const) {
    const entry = await prisma.outboxEntry.create({
      data: { kind: 'email', payload: { emailId: `missing-${status}` }, idempotencyKey: `admin-outbox:${status}`, status, attempts: 3, lastError: `the ${status} one` },
    })
    ids[status] = entry.id
  }
})

describe('/admin/outbox', () => {
  it('lists dead and failed entries to an admin, and nothing to anyone else', async () => {
    const page = await run(() => adminOutbox.loader(args(get('/admin/outbox', { cookie: admin }))))
    const listed = (page.data as Awaited<ReturnType<typeof adminOutbox.loader>>).entries.map((entry) => entry.id)
    expect(listed).toEqual(expect.arrayContaining([ids.dead, ids.failed]))
    expect(listed).not.toContain(ids.done)
    expect(await run(() => adminOutbox.loader(args(get('/admin/outbox', { cookie: member }))))).toMatchObject({ status: 403, thrown: true })
    expectRedirect(await run(() => adminOutbox.loader(args(get('/admin/outbox')))), '/login?redirectTo=%2Fadmin%2Foutbox')
  })

  it('retries what an admin asks for, from a fresh count; a member changes nothing', async () => {
    const form = { id: [ids.dead, ids.failed, ids.done] }
    expect(await run(() => adminOutbox.action(args(post('/admin/outbox', { form, cookie: member }))))).toMatchObject({ status: 403, thrown: true })
    expect((await prisma.outboxEntry.findUniqueOrThrow({ where: { id: ids.dead } })).status).toBe('dead')

    expectRedirect(await run(() => adminOutbox.action(args(post('/admin/outbox', { form, cookie: admin })))), '/admin/outbox?retried=2')
    const after = await prisma.outboxEntry.findMany({ where: { id: { in: Object.values(ids) } }, select: { id: true, status: true, attempts: true } })
    expect(after.find((e) => e.id === ids.dead)).toMatchObject({ status: 'pending', attempts: 0 })
    expect(after.find((e) => e.id === ids.failed)).toMatchObject({ status: 'pending', attempts: 0 })
    expect(after.find((e) => e.id === ids.done)).toMatchObject({ status: 'done', attempts: 3 })
    const audit = await prisma.auditLog.findMany({ where: { action: 'outbox.retry' }, select: { actorId: true, entityId: true } })
    expect(audit.map((entry) => entry.entityId).sort()).toEqual([ids.dead, ids.failed].sort())
    expect(audit.every((entry) => entry.actorId === adminId)).toBe(true)
  })

  it('answers a post without ids with 400', async () => {
    expect(await run(() => adminOutbox.action(args(post('/admin/outbox', { form: {}, cookie: admin }))))).toMatchObject({ status: 400, thrown: true })
  })
})
