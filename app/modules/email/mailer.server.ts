import { Resend } from 'resend'
import type { OutboxEntry } from '~/generated/prisma/client'
import { prisma, type Tx } from '~/modules/db/db.server'
import type { Language } from '~/modules/i18n/i18n'
import { enqueue, registerOutboxHandler } from '~/modules/outbox/outbox.server'
import { getEnv } from '~/modules/runtime/env.server'
import { renderEmail, type EmailTemplate } from './templates.server'

// The one mailer. Writing an email records it (Email row + outbox entry) inside the
// caller's transaction; the outbox worker delivers it through Resend when RESEND_API_KEY
// is set, otherwise it stays in the development mailbox (/dev/mailbox).

export async function queueEmail(tx: Tx, to: string, template: EmailTemplate, lng: Language) {
  const rendered = await renderEmail(template, lng)
  const email = await tx.email.create({
    data: { to, template: template.name, locale: lng, ...rendered },
  })
  await enqueue(tx, 'email', { emailId: email.id }, `email:${email.id}`)
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

async function deliverEmail(entry: OutboxEntry) {
  const { emailId } = entry.payload as { emailId: string }
  const email = await prisma.email.findUnique({ where: { id: emailId } })
  if (!email) throw new Error(`email ${emailId} not found`)
  if (email.sentAt) return
  if (isMailboxMode()) {
    await prisma.email.update({ where: { id: email.id }, data: { sentAt: new Date(), providerId: 'dev-mailbox' } })
    return
  }
  const { data, error } = await resend().emails.send(
    { from: getEnv().EMAIL_FROM, to: email.to, subject: email.subject, text: email.text, html: email.html },
    { idempotencyKey: entry.idempotencyKey },
  )
  if (error) throw new Error(`Resend: ${error.name}: ${error.message}`)
  await prisma.email.update({ where: { id: email.id }, data: { sentAt: new Date(), providerId: data?.id ?? null } })
}

registerOutboxHandler('email', deliverEmail)
