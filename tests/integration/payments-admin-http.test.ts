import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { createPayment } from '~/modules/payments/payments.server'
import { startTestApp, type TestApp } from '../support/http'
import { cookieFor, makeNeed, makeOrgs, makeUser } from '../support/moderation-fixtures'

// The admin payments page over real HTTP (the production build behind the HTTP edge): it
// renders, a statement uploaded as a browser sends it (multipart) is reconciled, a malformed
// one comes back with the message naming its line, and a refund reaches the payment's
// provider, registered in the build's own copy of the payments module.

let app: TestApp
let cookie: string
const payments: { id: string; reference: string }[] = []

beforeAll(async () => {
  const admin = await makeUser({ name: 'Quản Trị Viên', platformRole: 'admin', locale: 'vi' })
  cookie = await cookieFor(admin.id)
  const { college, business } = await makeOrgs('verified')
  const need = await makeNeed(college.key, { kind: 'equipment' })
  for (const amount of [1_500_000, 2_000_000]) {
    payments.push(
      await prisma.$transaction((tx) =>
        createPayment(tx, { purpose: 'sponsorship', method: 'bank_transfer', amount, currency: 'VND', needId: need.id, payerOrgId: business.id, payerUserId: admin.id }),
      ),
    )
  }
  app = await startTestApp()
}, 60_000)

afterAll(async () => {
  await app?.stop()
})

const page = async (path = '/admin/payments') => {
  const response = await fetch(`${app.url}${path}`, { headers: { Cookie: cookie } })
  // React separates adjacent text nodes with empty comments.
  return { status: response.status, html: (await response.text()).replaceAll('<!-- -->', '') }
}
const postForm = (body: FormData | URLSearchParams) =>
  fetch(`${app.url}/admin/payments`, { method: 'POST', headers: { Cookie: cookie, Origin: app.url }, body, redirect: 'manual' })
const statementForm = (csv: string) => {
  const form = new FormData()
  form.append('intent', 'upload')
  form.append('statement', new File([csv], 'sao-ke.csv', { type: 'text/csv' }))
  return form
}

describe('the admin payments page over HTTP', () => {
  it('lists the transfers awaited, with the upload form', async () => {
    const { status, html } = await page()
    expect(status).toBe(200)
    expect(html).toContain('Thanh toán và đối soát')
    for (const payment of payments) expect(html).toContain(payment.reference)
    expect(html).toContain('1.500.000')
    expect(html).toMatch(/<form[^>]*enctype="multipart\/form-data"/i)
    expect(html).toContain('href="/admin/payments"')
  })

  it('reconciles a statement sent as a browser sends it, and shows the summary', async () => {
    const [first, second] = payments
    const csv = `Ngày giao dịch,Số tiền ghi có,Nội dung\n05/03/2027,"1.500.000",CT ${first!.reference}\n05/03/2027,"1.000.000",CT ${second!.reference}\n`
    const response = await postForm(statementForm(csv))
    expect(response.status).toBe(302)
    const location = response.headers.get('location') ?? ''
    expect(location).toMatch(/^\/admin\/payments\?statement=/)
    const { html } = await page(location)
    expect(html).toContain('Kết quả đối soát “sao-ke.csv”')
    expect(html).toMatch(/data-testid="count-matched">Khớp: <strong>1<\/strong>/)
    expect(html).toMatch(/data-testid="count-wrong_amount">Sai số tiền: <strong>1<\/strong>/)
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: first!.id } })).status).toBe('paid')
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: second!.id } })).status).toBe('pending')
  })

  it('answers a malformed statement with the message naming its line, next to the field', async () => {
    const lines = await prisma.bankStatementLine.count()
    const response = await postForm(statementForm('Ngày giao dịch,Số tiền ghi có,Nội dung\n05/03/2027,"1.000.000",a\n06/03/2027,"1.0.0",b\n'))
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('Số tiền không hợp lệ ở dòng 3')
    expect(await prisma.bankStatementLine.count()).toBe(lines)
  })

  it('records a refund of a bank transfer through its provider', async () => {
    const [first] = payments
    const response = await postForm(new URLSearchParams({ intent: 'refund', paymentId: first!.id, reason: 'Chuyển nhầm, đã trả lại' }))
    expect(response.status).toBe(200)
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: first!.id } })).toMatchObject({ status: 'refunded', refundReason: 'Chuyển nhầm, đã trả lại' })
    expect(await response.text()).toContain('Đã ghi nhận hoàn tiền.')
  })
})
