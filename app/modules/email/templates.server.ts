import type { Language } from '~/modules/i18n/i18n'
import { getTFor } from '~/modules/i18n/i18n.server'
import { formatMoney, isCurrency } from '~/utils/money'

// Email bodies in both languages, built from the same translation files as the UI.
// Plain template strings (not React) so the text part has no rendering artefacts.

export type EmailTemplate =
  | PaymentReceipt
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
  | {
      /** one in-app notification mailed at once (kinds without a template of their own) */
      name: 'notification'
      recipientName: string
      /** the kind's title and text, already in the recipient's language */
      title: string
      text: string
      url: string
      preferencesUrl: string
    }
  | {
      /** the day's notifications of a member who chose the daily digest */
      name: 'notification-digest'
      recipientName: string
      items: { text: string; url: string }[]
      url: string
      preferencesUrl: string
    }
  | {
      /** listings new since the last email that match a saved search */
      name: 'saved-search-digest'
      recipientName: string
      searchName: string
      listings: { type: 'need' | 'offer'; title: string; url: string }[]
      /** matches beyond the listed ones */
      more: number
      url: string
      manageUrl: string
    }

export type PaymentReceipt = {
  name: 'payment-receipt'
  event: 'paid' | 'refunded'
  recipientName: string
  reference: string
  /** minor units of `currency` */
  amount: number
  currency: string
  /** what a contribution counts for in the need's currency, when that differs */
  credit: { amount: number; currency: string } | null
  /** the need (or the contract's need) paid for */
  forTitle: string
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
  if (template.name === 'notification-digest' || template.name === 'saved-search-digest') return renderList(template, t, signature)
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
    case 'notification':
      // The title is the kind's own fixed text; names and titles stay in the body.
      subject = t('notifications.email.subject', { title: template.title })
      paragraphs = [t('email.greeting', { name: template.recipientName }), template.text, t('notifications.email.open')]
      break
    case 'payment-receipt': {
      const amount = isCurrency(template.currency) ? formatMoney(template.amount, template.currency, lng) : `${template.amount} ${template.currency}`
      const credit = template.credit && isCurrency(template.credit.currency) ? formatMoney(template.credit.amount, template.credit.currency, lng) : null
      subject = t(`payments.email.${template.event}.subject`, { reference: template.reference })
      paragraphs = [
        t('email.greeting', { name: template.recipientName }),
        t(`payments.email.${template.event}.body`, { amount, title: template.forTitle }),
        ...(credit ? [t('payments.email.credit', { credit })] : []),
        t('payments.email.reference', { reference: template.reference }),
        t('payments.email.open'),
      ]
      break
    }
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
  const trailer =
    template.name === 'reset-password'
      ? [t('email.resetIgnore')]
      : template.name === 'notification'
        ? [t('notifications.email.preferences', { url: template.preferencesUrl })]
        : []
  const text = [...paragraphs, template.url, ...trailer, '', signature].join('\n\n')
  return { subject, text, html: layout([...paragraphs], template.url, [...trailer, signature].join(' ')) }
}

type Translate = Awaited<ReturnType<typeof getTFor>>
type ListTemplate = Extract<EmailTemplate, { name: 'notification-digest' | 'saved-search-digest' }>

/** An email that lists items, each with its link, then a link to the whole list. */
function renderList(template: ListTemplate, t: Translate, signature: string): RenderedEmail {
  const digest = template.name === 'notification-digest'
  const subject = digest ? t('notifications.email.digestSubject') : t('savedSearches.email.subject')
  const greeting = t('email.greeting', { name: template.recipientName })
  const intro = digest
    ? t('notifications.email.digestIntro', { count: template.items.length })
    : t('savedSearches.email.intro', { count: template.listings.length + template.more, name: template.searchName })
  const items = digest
    ? template.items.map((item) => ({ text: item.text, url: item.url }))
    : template.listings.map((listing) => ({ text: `${t(`savedSearches.email.${listing.type}`)}: ${listing.title}`, url: listing.url }))
  const more = !digest && template.more > 0 ? [t('savedSearches.email.more', { count: template.more })] : []
  const outro = digest ? t('notifications.email.digestAll') : t('savedSearches.email.openSearch')
  const footer = digest ? t('notifications.email.preferences', { url: template.preferencesUrl }) : t('savedSearches.email.manage', { url: template.manageUrl })
  const text = [greeting, intro, items.map((item) => `- ${item.text}\n  ${item.url}`).join('\n'), ...more, outro, template.url, footer, '', signature].join('\n\n')
  const link = (url: string) => `<a href="${escapeHtml(url)}" style="color:#0f766e">${escapeHtml(url)}</a>`
  const list = items.map((item) => `<li style="margin:0 0 8px">${escapeHtml(item.text)}<br>${link(item.url)}</li>`).join('')
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:560px;margin:0 auto;padding:24px">
<p style="margin:0 0 16px">${escapeHtml(greeting)}</p><p style="margin:0 0 16px">${escapeHtml(intro)}</p><ul style="margin:0 0 16px;padding-left:20px">${list}</ul>
${more.map((line) => `<p style="margin:0 0 16px">${escapeHtml(line)}</p>`).join('')}<p style="margin:0 0 16px">${escapeHtml(outro)} ${link(template.url)}</p>
<p style="margin:0 0 16px;color:#6b7280">${escapeHtml(footer)}</p><p style="margin:24px 0 0;color:#6b7280">${escapeHtml(signature)}</p></body></html>`
  return { subject, text, html }
}
