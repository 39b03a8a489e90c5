import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { isMailboxMode, queueEmail } from '~/modules/email/mailer.server'
import type * as MailerModule from '~/modules/email/mailer.server'
import { renderEmail } from '~/modules/email/templates.server'
import { getEnv } from '~/modules/runtime/env.server'
import type * as EnvModule from '~/modules/runtime/env.server'
import { processOutbox } from '~/modules/outbox/outbox.server'
import type * as OutboxModule from '~/modules/outbox/outbox.server'
import type { Language } from '~/modules/i18n/i18n'
import { loader as mailboxLoader } from '~/routes/dev.mailbox._index'
import { asPeer, LOCAL_PEER, REMOTE_PEER } from '../support/http'
import { loader as mailboxEmailLoader } from '~/routes/dev.mailbox.$id'

// The environment is read once per process (getEnv caches it, the mailer caches its Resend
// client), so this file starts without a Resend key and, for the Resend tests, loads fresh
// copies of the modules after setting one (vi.resetModules).
vi.hoisted(() => {
  delete process.env.RESEND_API_KEY
  delete process.env.RESEND_BASE_URL
  delete process.env.EMAIL_FROM
})

let counter = 0
function uniqueEmail(name = 'mail'): string {
  counter += 1
  return `${name}.${counter}.${Date.now().toString(36)}@example.vn`
}

async function queue(mailer: Pick<typeof MailerModule, 'queueEmail'>, to: string, lng: Language = 'vi') {
  return prisma.$transaction((tx) =>
    mailer.queueEmail(tx, to, { name: 'verify-email', recipientName: 'Lê Thị Hoa', url: `https://caunoi.test/verify-email?token=tok-${counter}` }, lng),
  )
}

/** Polls until `condition` holds; fails after `ms`. */
async function waitUntil(condition: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

async function outboxEntryOf(emailId: string) {
  return prisma.outboxEntry.findUniqueOrThrow({ where: { idempotencyKey: `email:${emailId}` } })
}

describe('templates', () => {
  const url = 'https://caunoi.vn/verify-email?token=abc_DEF-123&x=1'

  it('render the verification email in Vietnamese and English', async () => {
    const vi = await renderEmail({ name: 'verify-email', recipientName: 'Hoa', url }, 'vi')
    const en = await renderEmail({ name: 'verify-email', recipientName: 'Hoa', url }, 'en')
    expect(vi.subject).toBe('Xác minh email của bạn trên Cầu Nối')
    expect(en.subject).toBe('Verify your email for Cầu Nối')
    expect(vi.text).toContain('Xin chào Hoa,')
    expect(en.text).toContain('Hello Hoa,')
    expect(vi.text).toContain('Đội ngũ Cầu Nối')
    expect(en.text).toContain('The Cầu Nối team')
    for (const rendered of [vi, en]) {
      // The link in the text part as is, in the HTML part escaped (& → &#38;), as text and href.
      expect(rendered.text).toContain(url)
      expect(rendered.text.split('\n')).toContain(url)
      const escaped = url.replace(/&/g, '&#38;')
      expect(rendered.html).toContain(`href="${escaped}"`)
      expect(rendered.html).toContain(`>${escaped}</a>`)
      expect(rendered.html).toMatch(/^<!doctype html>/)
    }
  })

  it('render the password reset email with the "not you?" note', async () => {
    const vi = await renderEmail({ name: 'reset-password', recipientName: 'Hoa', url }, 'vi')
    const en = await renderEmail({ name: 'reset-password', recipientName: 'Hoa', url }, 'en')
    expect(vi.subject).toBe('Đặt lại mật khẩu Cầu Nối')
    expect(en.subject).toBe('Reset your Cầu Nối password')
    expect(vi.text).toContain('mật khẩu của bạn không thay đổi')
    expect(en.text).toContain('ignore this email')
    expect(en.html).toContain('ignore this email')
    // The note comes after the link.
    expect(en.text.indexOf('ignore this email')).toBeGreaterThan(en.text.indexOf(url))
  })

  it('render the invitation with a generic subject, inviter and organisation in the body only', async () => {
    const template = { name: 'invitation', inviter: 'Phạm Minh', org: 'Trường Cao đẳng Điện https://spam.example', url } as const
    const vi = await renderEmail(template, 'vi')
    const en = await renderEmail(template, 'en')
    expect(vi.subject).toBe('Bạn được mời tham gia một tổ chức trên Cầu Nối')
    expect(en.subject).toBe('You are invited to join an organisation on Cầu Nối')
    expect(vi.subject).not.toBe(en.subject)
    expect(vi.text).toContain('Phạm Minh mời bạn tham gia Trường Cao đẳng Điện https://spam.example trên Cầu Nối')
    expect(en.html).not.toContain('href="https://spam.example')
    expect(vi.text).toContain(url)
    expect(en.html).toContain('Phạm Minh invites you to join Trường Cao đẳng Điện')
  })

  it('escape names and organisations in the HTML part but not in the text part', async () => {
    const name = '<script>alert("x")</script> & Co\'s'
    const verify = await renderEmail({ name: 'verify-email', recipientName: name, url }, 'en')
    expect(verify.html).not.toContain('<script>')
    expect(verify.html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; Co&#39;s')
    expect(verify.text).toContain(`Hello ${name},`)

    const invite = await renderEmail({ name: 'invitation', inviter: '<b>Boss</b>', org: '<img src=x onerror=alert(1)>', url }, 'vi')
    expect(invite.html).not.toMatch(/<b>|<img/)
    expect(invite.html).toContain('&#60;b&#62;Boss&#60;/b&#62;')
    expect(invite.html).toContain('&#60;img src=x onerror=alert(1)&#62;')
    // User-supplied text never reaches the subject.
    expect(invite.subject).not.toContain('Boss')
  })

  it('escape a link that tries to break out of the href', async () => {
    const rendered = await renderEmail({ name: 'verify-email', recipientName: 'Hoa', url: 'https://x.vn/"><script>1</script>' }, 'en')
    expect(rendered.html).not.toContain('"><script>')
    expect(rendered.html).toContain('href="https://x.vn/&#34;&#62;&#60;script&#62;1&#60;/script&#62;"')
  })
})

describe('development mailbox (no RESEND_API_KEY)', () => {
  it('is on', () => {
    expect(getEnv().RESEND_API_KEY).toBeUndefined()
    expect(isMailboxMode()).toBe(true)
  })

  it('records the email and an outbox entry in the caller’s transaction', async () => {
    const to = uniqueEmail('tx')
    await expect(
      prisma.$transaction(async (tx) => {
        await queueEmail(tx, to, { name: 'reset-password', recipientName: 'Hoa', url: 'https://caunoi.test/r' }, 'vi')
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await prisma.email.count({ where: { to } })).toBe(0)

    const email = await queue({ queueEmail }, to, 'en')
    expect(email).toMatchObject({ to, template: 'verify-email', locale: 'en', subject: 'Verify your email for Cầu Nối', sentAt: null, providerId: null })
    const entry = await outboxEntryOf(email.id)
    expect(entry).toMatchObject({ kind: 'email', status: 'pending', payload: { emailId: email.id } })
  })

  it('delivers a queued email to the mailbox: sentAt set, providerId dev-mailbox, entry done', async () => {
    const to = uniqueEmail('dev')
    const email = await queue({ queueEmail }, to)
    await processOutbox()
    const sent = await prisma.email.findUniqueOrThrow({ where: { id: email.id } })
    expect(sent.sentAt).toBeInstanceOf(Date)
    expect(sent.providerId).toBe('dev-mailbox')
    expect(await outboxEntryOf(email.id)).toMatchObject({ status: 'done', attempts: 1, lastError: null })
  })

  it('shows the emails at /dev/mailbox to this machine, filtered by recipient, and each one at /dev/mailbox/:id', () => asPeer(LOCAL_PEER, async () => {
    const to = uniqueEmail('Box')
    const email = await queue({ queueEmail }, to.toLowerCase())
    await queue({ queueEmail }, uniqueEmail('other'))
    const list = await mailboxLoader({ request: new Request(`http://localhost/dev/mailbox?to=${encodeURIComponent(to.toUpperCase())}`), params: {}, context: {} })
    expect(list.emails).toEqual([expect.objectContaining({ id: email.id, to: to.toLowerCase(), subject: email.subject })])
    const all = await mailboxLoader({ request: new Request('http://localhost/dev/mailbox'), params: {}, context: {} })
    expect(all.emails.length).toBeGreaterThanOrEqual(2)

    const one = await mailboxEmailLoader({ request: new Request(`http://localhost/dev/mailbox/${email.id}`), params: { id: email.id }, context: {} })
    expect(one.email).toMatchObject({ to: to.toLowerCase(), subject: email.subject, text: email.text })
    const missing = await mailboxEmailLoader({ request: new Request('http://localhost/dev/mailbox/nope'), params: { id: 'nope' }, context: {} }).catch(
      (error: unknown) => error,
    )
    expect(missing).toBeInstanceOf(Response)
    expect((missing as Response).status).toBe(404)
  }))

  it('is not found for a stranger', async () => {
    const email = await queue({ queueEmail }, uniqueEmail('Hidden'))
    const calls: (() => Promise<unknown>)[] = [
      () => mailboxLoader({ request: new Request('http://localhost/dev/mailbox'), params: {}, context: {} }),
      () => mailboxEmailLoader({ request: new Request(`http://localhost/dev/mailbox/${email.id}`), params: { id: email.id }, context: {} }),
    ]
    for (const call of calls) {
      const refused = await asPeer(REMOTE_PEER, call).catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(Response)
      expect((refused as Response).status).toBe(404)
    }
  })
})

type Recorded = { method: string; url: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }
type Reply = { status: number; body: unknown }

/** A stand-in for api.resend.com: records requests, answers from `replies` for that recipient (else 200 with an id). */
async function startFakeResend() {
  const requests: Recorded[] = []
  const replies = new Map<string, Reply[]>()
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (raw += chunk))
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {}
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      const reply = replies.get(String(body.to))?.shift() ?? { status: 200, body: { id: `re_msg_${requests.length}` } }
      // status 0: a provider that accepts the request and never answers.
      if (reply.status === 0) return
      // A string body is sent as is (an HTML error page), anything else as JSON.
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
      res.writeHead(reply.status, { 'content-type': typeof reply.body === 'string' ? 'text/html' : 'application/json' })
      res.end(text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** The next answer to an email for `to`. */
    replyTo: (to: string, reply: Reply) => replies.set(to, [...(replies.get(to) ?? []), reply]),
    clearReplies: () => replies.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

describe('delivery through Resend (RESEND_API_KEY set)', () => {
  let fake: Awaited<ReturnType<typeof startFakeResend>>
  let mailer: typeof MailerModule
  let outbox: typeof OutboxModule
  let env: typeof EnvModule

  beforeAll(async () => {
    fake = await startFakeResend()
    process.env.RESEND_API_KEY = 're_test_key_123'
    process.env.RESEND_BASE_URL = fake.url
    process.env.EMAIL_FROM = 'Cầu Nối Test <test@caunoi.vn>'
    // Fresh modules read the new environment; the mailer registers on the fresh outbox.
    vi.resetModules()
    env = await import('~/modules/runtime/env.server')
    mailer = await import('~/modules/email/mailer.server')
    outbox = await import('~/modules/outbox/outbox.server')
  })

  afterAll(async () => {
    delete process.env.RESEND_API_KEY
    delete process.env.RESEND_BASE_URL
    delete process.env.EMAIL_FROM
    vi.resetModules()
    await fake.close()
  })

  beforeEach(() => {
    fake.requests.length = 0
    fake.clearReplies()
  })

  it('is not in mailbox mode', () => {
    expect(env.getEnv().RESEND_API_KEY).toBe('re_test_key_123')
    expect(mailer.isMailboxMode()).toBe(false)
  })

  it('posts the email with the outbox idempotency key and records the provider id', async () => {
    const to = uniqueEmail('resend')
    const email = await queue(mailer, to)
    const entry = await outboxEntryOf(email.id)
    fake.replyTo(to, { status: 200, body: { id: 're_4f1c2a' } })

    await outbox.processOutbox()

    const mine = fake.requests.filter((r) => r.body.to === to)
    expect(mine).toHaveLength(1)
    const request = mine[0]!
    expect(request.method).toBe('POST')
    expect(request.url).toBe('/emails')
    expect(request.headers.authorization).toBe('Bearer re_test_key_123')
    expect(request.headers['content-type']).toMatch(/^application\/json/)
    expect(request.headers['idempotency-key']).toBe(entry.idempotencyKey)
    expect(request.headers['idempotency-key']).toBe(`email:${email.id}`)
    expect(request.body).toMatchObject({
      from: 'Cầu Nối Test <test@caunoi.vn>',
      to,
      subject: email.subject,
      text: email.text,
      html: email.html,
    })
    expect(request.body.subject).toBe('Xác minh email của bạn trên Cầu Nối')

    const sent = await prisma.email.findUniqueOrThrow({ where: { id: email.id } })
    expect(sent.sentAt).toBeInstanceOf(Date)
    expect(sent.providerId).toBe('re_4f1c2a')
    expect(await outboxEntryOf(email.id)).toMatchObject({ status: 'done', attempts: 1, lastError: null })
  })

  it('leaves the entry pending after a 500, then sends it with the same key on the retry', async () => {
    const to = uniqueEmail('retry')
    const email = await queue(mailer, to, 'en')
    fake.replyTo(to, { status: 500, body: { name: 'internal_server_error', message: 'Something broke', statusCode: 500 } })

    const before = Date.now()
    await outbox.processOutbox()
    const failed = await outboxEntryOf(email.id)
    expect(failed.status).toBe('pending')
    expect(failed.attempts).toBe(1)
    expect(failed.lastError).toContain('Something broke')
    expect(failed.lastError).toMatch(/^Resend: /)
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(before)
    const unsent = await prisma.email.findUniqueOrThrow({ where: { id: email.id } })
    expect(unsent.sentAt).toBeNull()
    expect(unsent.providerId).toBeNull()

    // The backoff passes; Resend is back.
    await prisma.outboxEntry.update({ where: { id: failed.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } })
    await outbox.processOutbox()
    const mine = fake.requests.filter((r) => r.body.to === to)
    expect(mine).toHaveLength(2)
    expect(mine.map((r) => r.headers['idempotency-key'])).toEqual([`email:${email.id}`, `email:${email.id}`])
    expect(mine[1]!.body.subject).toBe('Verify your email for Cầu Nối')
    const sent = await prisma.email.findUniqueOrThrow({ where: { id: email.id } })
    expect(sent.sentAt).toBeInstanceOf(Date)
    expect(sent.providerId).toMatch(/^re_msg_/)
    expect(await outboxEntryOf(email.id)).toMatchObject({ status: 'done', attempts: 2, lastError: null })
  })

  it('treats a non-JSON error page as a failure too', async () => {
    const to = uniqueEmail('html-error')
    const email = await queue(mailer, to)
    fake.replyTo(to, { status: 502, body: '<html>Bad gateway</html>' })
    await outbox.processOutbox()
    expect(await outboxEntryOf(email.id)).toMatchObject({ status: 'pending', attempts: 1 })
    expect((await prisma.email.findUniqueOrThrow({ where: { id: email.id } })).sentAt).toBeNull()
  })

  it('does not send an email twice when its entry is processed again', async () => {
    const to = uniqueEmail('twice')
    const email = await queue(mailer, to)
    await outbox.processOutbox()
    expect(fake.requests.filter((r) => r.body.to === to)).toHaveLength(1)
    // As if a worker lost its lease after sending: the entry runs again.
    const entry = await outboxEntryOf(email.id)
    await prisma.outboxEntry.update({ where: { id: entry.id }, data: { status: 'pending', nextAttemptAt: new Date(Date.now() - 1000) } })
    await outbox.processOutbox()
    expect(fake.requests.filter((r) => r.body.to === to)).toHaveLength(1)
    expect(await outboxEntryOf(email.id)).toMatchObject({ status: 'done' })
  })

  it('fails an email Resend refuses (4xx) at once, without retrying; a 429 is retried', async () => {
    const refusedTo = uniqueEmail('refused')
    const refused = await queue(mailer, refusedTo)
    fake.replyTo(refusedTo, { status: 422, body: { name: 'validation_error', message: 'Invalid `to` field.', statusCode: 422 } })
    const limitedTo = uniqueEmail('limited')
    const limited = await queue(mailer, limitedTo)
    fake.replyTo(limitedTo, { status: 429, body: { name: 'rate_limit_exceeded', message: 'Too many requests.', statusCode: 429 } })
    await outbox.processOutbox()
    expect(await outboxEntryOf(refused.id)).toMatchObject({ status: 'failed', attempts: 1 })
    expect((await outboxEntryOf(refused.id)).lastError).toContain('422')
    expect(await outboxEntryOf(limited.id)).toMatchObject({ status: 'pending', attempts: 1 })
    await prisma.outboxEntry.update({ where: { idempotencyKey: `email:${refused.id}` }, data: { nextAttemptAt: new Date(Date.now() - 1000) } })
    await outbox.processOutbox()
    expect(fake.requests.filter((r) => r.body.to === refusedTo)).toHaveLength(1)
  })

  it('does not send an email whose link expired while it waited (the provider was down)', async () => {
    const to = uniqueEmail('expired')
    const email = await prisma.$transaction((tx) =>
      mailer.queueEmail(tx, to, { name: 'reset-password', recipientName: 'Lê Thị Hoa', url: 'https://caunoi.test/reset-password?token=t' }, 'vi', {
        expiresAt: new Date(Date.now() - 1000),
      }),
    )
    await outbox.processOutbox()
    expect(fake.requests.filter((r) => r.body.to === to)).toHaveLength(0)
    expect(await outboxEntryOf(email.id)).toMatchObject({ status: 'failed' })
    expect((await outboxEntryOf(email.id)).lastError).toMatch(/^expired at /)
    expect((await prisma.email.findUniqueOrThrow({ where: { id: email.id } })).sentAt).toBeNull()
  })

  it('a provider that never answers holds back neither other mail nor search sync, and is let go at the deadline', async () => {
    await prisma.outboxEntry.deleteMany({ where: { status: 'pending' } })
    const hungTo = uniqueEmail('hung')
    fake.replyTo(hungTo, { status: 0, body: null })
    const indexed: string[] = []
    outbox.registerOutboxHandler('search_index', async (entry) => {
      indexed.push(entry.id)
    })
    const stop = outbox.startOutboxWorker()
    try {
      const hung = await queue(mailer, hungTo)
      await waitUntil(() => fake.requests.some((r) => r.body.to === hungTo))
      const started = Date.now()
      // Meanwhile: other mail, and a search-index change.
      const otherTo = uniqueEmail('flowing')
      const other = await queue(mailer, otherTo)
      await prisma.$transaction((tx) => outbox.enqueue(tx, 'search_index', { needs: ['n-1'] }, `search:hung-test:${Date.now()}`))
      await waitUntil(async () => (await outboxEntryOf(other.id)).status === 'done' && indexed.length === 1)
      const flowingSeconds = (Date.now() - started) / 1000
      expect(flowingSeconds).toBeLessThan(5)
      expect((await outboxEntryOf(hung.id)).status).toBe('pending')
      // The hung one is given up on at the email deadline (15 s) and waits for its retry.
      await waitUntil(async () => (await outboxEntryOf(hung.id)).attempts === 1, 25_000)
      expect(await outboxEntryOf(hung.id)).toMatchObject({ status: 'pending', lastError: 'no answer within 15000 ms' })
      expect((await prisma.email.findUniqueOrThrow({ where: { id: hung.id } })).sentAt).toBeNull()
    } finally {
      await stop()
    }
  }, 40_000)

  it('hides the development mailbox', async () => {
    const { loader } = await import('~/routes/dev.mailbox._index')
    const thrown = await loader({ request: new Request('http://localhost/dev/mailbox'), params: {}, context: {} }).catch((error: unknown) => error)
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(404)
    const one = await import('~/routes/dev.mailbox.$id')
    const email = await prisma.email.findFirstOrThrow()
    const thrownOne = await one.loader({ request: new Request(`http://localhost/dev/mailbox/${email.id}`), params: { id: email.id }, context: {} }).catch(
      (error: unknown) => error,
    )
    expect((thrownOne as Response).status).toBe(404)
  })
})
