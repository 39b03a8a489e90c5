import { queueEmail } from '~/modules/email/mailer.server'
import { isLanguage, type Language } from '~/modules/i18n/i18n'
import { getEnv } from '~/modules/runtime/env.server'
import { onPaymentChange } from './payments.server'

// Receipts: when a payment is paid or refunded, its payer is mailed in their language, once
// per payment and state (the outbox key), in the transaction that records the change.

/** When a payment is paid (or refunded), its payer gets a receipt in their language. */
onPaymentChange(async (tx, paymentId, status) => {
  if (status !== 'paid' && status !== 'refunded') return
  const payment = await tx.payment.findUniqueOrThrow({
    where: { id: paymentId },
    select: {
      reference: true,
      amount: true,
      currency: true,
      creditAmount: true,
      creditCurrency: true,
      purpose: true,
      need: { select: { title: true } },
      agreement: { select: { need: { select: { title: true } } } },
      payerUserId: true,
    },
  })
  const payer = payment.payerUserId ? await tx.user.findUnique({ where: { id: payment.payerUserId }, select: { email: true, name: true, locale: true } }) : null
  if (!payer) return
  const lng: Language = isLanguage(payer.locale) ? payer.locale : 'vi'
  await queueEmail(
    tx,
    payer.email,
    {
      name: 'payment-receipt',
      event: status,
      recipientName: payer.name,
      reference: payment.reference,
      amount: Number(payment.amount),
      currency: payment.currency,
      credit: payment.creditAmount !== null && payment.creditCurrency && payment.creditCurrency !== payment.currency ? { amount: Number(payment.creditAmount), currency: payment.creditCurrency } : null,
      forTitle: payment.need?.title ?? payment.agreement?.need.title ?? '',
      url: `${getEnv().appUrl}/payments/${paymentId}`,
    },
    lng,
    { idempotencyKey: `receipt:${paymentId}:${status}` },
  )
})
