import type { Language } from '~/modules/i18n/i18n'
import { getTFor } from '~/modules/i18n/i18n.server'

// Email bodies in both languages, built from the same translation files as the UI.
// Plain template strings (not React) so the text part has no rendering artefacts.

export type EmailTemplate =
  | { name: 'verify-email'; recipientName: string; url: string }
  | { name: 'reset-password'; recipientName: string; url: string }
  | { name: 'invitation'; inviter: string; org: string; url: string }
  | { name: 'account-exists'; recipientName: string; url: string; resetUrl: string }
  | { name: 'listing-hidden'; recipientName: string; listingTitle: string; reason: string; url: string }
  | {
      name: 'proposal'
      event: 'received' | 'accepted' | 'declined' | 'withdrawn' | 'expired' | 'reminder' | 'message'
      recipientName: string
      /** the other party's name (user-supplied: in the body as text, never in the subject) */
      counterpart: string
      needTitle: string
      offerTitle: string
      reason?: string
      url: string
    }

export type RenderedEmail = { subject: string; text: string; html: string }

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function layout(paragraphs: string[], url: string, signature: string): RenderedEmail['html'] {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join('')
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:560px;margin:0 auto;padding:24px">
${body}<p style="margin:0 0 16px"><a href="${escapeHtml(url)}" style="color:#0f766e">${escapeHtml(url)}</a></p>
<p style="margin:24px 0 0;color:#6b7280">${escapeHtml(signature)}</p></body></html>`
}

export async function renderEmail(template: EmailTemplate, lng: Language): Promise<RenderedEmail> {
  const t = await getTFor(lng)
  const signature = t('email.signature')
  let subject: string
  let paragraphs: string[]
  switch (template.name) {
    case 'verify-email':
      subject = t('email.verifySubject')
      paragraphs = [t('email.greeting', { name: template.recipientName }), t('email.verifyBody')]
      break
    case 'reset-password':
      subject = t('email.resetSubject')
      paragraphs = [t('email.greeting', { name: template.recipientName }), t('email.resetBody')]
      break
    case 'invitation':
      // The inviter's and organisation's names are user-supplied: never in the subject (a
      // spammer's URL there would be relayed under Cầu Nối's name); the body names them as
      // plain text (escaped in HTML, never a link).
      subject = t('security.inviteSubject')
      paragraphs = [t('email.inviteBody', { inviter: template.inviter, org: template.org })]
      break
    case 'account-exists':
      subject = t('security.accountExistsSubject')
      paragraphs = [t('email.greeting', { name: template.recipientName }), t('security.accountExistsBody')]
      break
    case 'listing-hidden':
      subject = t('moderation.email.hiddenSubject', { title: template.listingTitle })
      paragraphs = [
        t('email.greeting', { name: template.recipientName }),
        t('moderation.email.hiddenBody', { title: template.listingTitle }),
        t('moderation.email.hiddenReason', { reason: template.reason }),
        t('moderation.email.hiddenNext'),
      ]
      break
    case 'proposal':
      subject = t(`proposals.email.${template.event}.subject`)
      paragraphs = [
        t('email.greeting', { name: template.recipientName }),
        t(`proposals.email.${template.event}.body`, { counterpart: template.counterpart }),
        t('proposals.email.pair', { need: template.needTitle, offer: template.offerTitle }),
        ...(template.reason ? [t('proposals.email.reason', { reason: template.reason })] : []),
        t('proposals.email.open'),
      ]
      break
  }
  if (template.name === 'account-exists') {
    const after = [t('security.accountExistsReset')]
    const ignore = t('security.accountExistsIgnore')
    const text = [...paragraphs, template.url, ...after, template.resetUrl, ignore, '', signature].join('\n\n')
    const html = layout(paragraphs, template.url, signature).replace(
      '<p style="margin:24px 0 0',
      `<p style="margin:0 0 16px">${escapeHtml(after[0]!)}</p><p style="margin:0 0 16px"><a href="${escapeHtml(template.resetUrl)}" style="color:#0f766e">${escapeHtml(template.resetUrl)}</a></p><p style="margin:0 0 16px">${escapeHtml(ignore)}</p><p style="margin:24px 0 0`,
    )
    return { subject, text, html }
  }
  const trailer = template.name === 'reset-password' ? [t('email.resetIgnore')] : []
  const text = [...paragraphs, template.url, ...trailer, '', signature].join('\n\n')
  return { subject, text, html: layout([...paragraphs], template.url, [...trailer, signature].join(' ')) }
}
