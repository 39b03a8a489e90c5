import { Resend } from 'resend'
import type { OutboxEntry } from '~/generated/prisma/client'
import { prisma, type Tx } from '~/modules/db/db.server'
import type { Language } from '~/modules/i18n/i18n'
import { enqueue, PermanentFailure, registerOutboxHandler } from '~/modules/outbox/outbox.server'
import { getEnv } from '~/modules/runtime/env.server'
import { renderEmail, type EmailTemplate } from './templates.server'

// The one mailer. Writing an email records it (Email row + outbox entry) inside the
// caller's transaction; the outbox worker delivers it through Resend when RESEND_API_KEY
// is set, otherwise it stays in the development mailbox (/dev/mailbox).

type EmailPayload = { emailId: string; /** ISO time after which the message is useless (its link expired) */ expiresAt?: string }

/**
 * Records an email for delivery; one whose link stops working at `expiresAt` is not sent after it.
 * `idempotencyKey` names the email's occasion (a digest per user per day): an email already
 * recorded under that key is returned instead of a second one. Without it each email has its own key.
 */
export async function queueEmail(
  tx: Tx,
  to: string,
  template: EmailTemplate,
  lng: Language,
  options: { expiresAt?: Date; idempotencyKey?: string } = {},
) {
  if (options.idempotencyKey) {
    const existing = await tx.outboxEntry.findUnique({ where: { idempotencyKey: options.idempotencyKey }, select: { payload: true } })
    const emailId = (existing?.payload as EmailPayload | undefined)?.emailId
    const email = emailId ? await tx.email.findUnique({ where: { id: emailId } }) : null
    if (email) return email
  }
  const rendered = await renderEmail(template, lng)
  const email = await tx.email.create({
    data: { to, template: template.name, locale: lng, ...rendered },
  })
  const payload: EmailPayload = { emailId: email.id, ...(options.expiresAt ? { expiresAt: options.expiresAt.toISOString() } : {}) }
  await enqueue(tx, 'email', payload, options.idempotencyKey ?? `email:${email.id}`)
  return email
}

export function isMailboxMode(): boolean {
  return !getEnv().RESEND_API_KEY
}

let resendClient: Resend | undefined
function resend(): Resend {
  const env = getEnv()
  // The SDK reads RESEND_BASE_URL itself; tests point it at a local server.
  resendClient ??= new Resend(env.RESEND_API_KEY)
  return resendClient
}

/** Resend's answers that sending again cannot change (a refused address, a bad request); 408 and 429 are worth a retry. */
const isPermanentRefusal = (statusCode: number | null) => statusCode !== null && statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429

async function deliverEmail(entry: OutboxEntry, signal: AbortSignal) {
  const { emailId, expiresAt } = entry.payload as EmailPayload
  const email = await prisma.email.findUnique({ where: { id: emailId } })
  if (!email) throw new PermanentFailure(`email ${emailId} not found`)
  if (email.sentAt) return
  if (expiresAt && new Date(expiresAt) <= new Date()) throw new PermanentFailure(`expired at ${expiresAt} before it could be delivered`)
  if (isMailboxMode()) {
    await prisma.email.update({ where: { id: email.id }, data: { sentAt: new Date(), providerId: 'dev-mailbox' } })
    return
  }
  const { data, error } = await resend().emails.send(
    { from: getEnv().EMAIL_FROM, to: email.to, subject: email.subject, text: email.text, html: email.html },
    { idempotencyKey: entry.idempotencyKey, signal },
  )
  if (error) {
    const message = `Resend: ${error.statusCode ?? 'no answer'} ${error.name}: ${error.message}`
    throw isPermanentRefusal(error.statusCode) ? new PermanentFailure(message) : new Error(message)
  }
  await prisma.email.update({ where: { id: email.id }, data: { sentAt: new Date(), providerId: data?.id ?? null } })
}

// A provider that accepts and never answers is given up on after 15 s; the next attempt reuses the idempotency key.
registerOutboxHandler('email', deliverEmail, { concurrency: 4, timeoutMs: 15_000 })
