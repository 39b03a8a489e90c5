import { expect, test } from '@playwright/test'
import { logIn } from './accounts'
import { signedWebhook, stripeEvent } from '../support/stripe-server'
import { STRIPE_WEBHOOK_SECRET } from './stripe'

// Journeys 1 and 2: a college proposes its internship need to the best-matching placement
// (asking for more places than are left is refused next to the field); the business is
// emailed, opens the proposal from the mail, replies in its thread and accepts; both settle
// and confirm the agreement's terms, which then show on both dashboards, with a printable
// page and a calendar file; after completion both review, and the reviews appear.

// Demo data: col-van-tri's internship need for 24 students, and biz-hoshino's placement of 6.
const NEED_KEY = 'nd-vantri-intern-dien-k18'
const NEED_TITLE = 'Thực tập doanh nghiệp cho 24 sinh viên Điện công nghiệp khóa 18'
const OFFER_TITLE = 'Thực tập điện công nghiệp – hệ thống điện nhà máy'

test('a college proposes from a match; the business replies and accepts; both confirm, complete and review the agreement', async ({ browser }) => {
  const college = await logIn(browser, 'college@caunoi.test')
  // The app builds the index from the demo data at start: wait until the placement is matched.
  // The title is visually hidden text after the visible "Gửi đề xuất" (a block, hence the optional space).
  const propose = college.getByRole('link', { name: new RegExp(`^Gửi đề xuất ?: ${OFFER_TITLE}$`) })
  await expect(async () => {
    await college.goto(`/needs/${NEED_KEY}`)
    await expect(propose).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 30_000 })
  await propose.click()
  await expect(college.getByRole('heading', { level: 1 })).toHaveText('Gửi đề xuất')
  await expect(college.getByRole('radio', { name: new RegExp(NEED_TITLE) })).toBeChecked()

  // Seven students where six places are left: refused next to the field, nothing sent.
  const quantity = college.getByLabel('Số lượng (học viên, thiết bị…)')
  await quantity.fill('7')
  await college.getByLabel('Lời nhắn').fill('Trường có 6 sinh viên năm cuối đã học an toàn điện, sẵn sàng từ tháng 3.')
  await college.getByRole('button', { name: 'Gửi đề xuất' }).click()
  await expect(college.getByText('Số lượng vượt quá chỗ còn trống (6).')).toBeVisible()
  await quantity.fill('6')
  await college.getByRole('button', { name: 'Gửi đề xuất' }).click()
  await expect(college.getByText('Đã gửi đề xuất. Bên kia sẽ được thông báo.')).toBeVisible()
  await expect(college).toHaveURL(/\/proposals\/[^/?]+\?sent=1$/)
  const proposalPath = new URL(college.url()).pathname

  // The business reads the email and follows its link to the proposal.
  const business = await logIn(browser, 'business@caunoi.test')
  await business.goto(`/dev/mailbox?to=${encodeURIComponent('business@caunoi.test')}`)
  // In the language of the business's account (another journey may have switched it to English).
  await business.getByRole('link', { name: /^(Bạn có đề xuất mới trên Cầu Nối|You have a new proposal on Cầu Nối)$/ }).first().click()
  await business.getByRole('link', { name: new RegExp(`${proposalPath}$`) }).click()
  await expect(business).toHaveURL(new RegExp(`${proposalPath}$`))
  await expect(business.getByText('Trường có 6 sinh viên năm cuối đã học an toàn điện, sẵn sàng từ tháng 3.')).toBeVisible()

  // It replies in the thread, then accepts.
  await business.getByLabel('Tin nhắn của bạn').fill('Chào trường, nhà máy nhận 6 bạn; liên hệ kỹ sư Minh qua 0912 000 111.')
  await business.getByRole('button', { name: 'Gửi tin nhắn' }).click()
  await expect(business.getByText('Chào trường, nhà máy nhận 6 bạn; liên hệ kỹ sư Minh qua 0912 000 111.')).toBeVisible()
  await business.getByRole('button', { name: 'Chấp nhận' }).click()
  await expect(business.getByText('Đã chấp nhận đề xuất.')).toBeVisible()
  await business.getByRole('link', { name: 'Xem thỏa thuận' }).click()

  // The business settles the placement's terms and confirms them.
  await expect(business.getByRole('heading', { level: 1 })).toHaveText(`Thỏa thuận: ${NEED_TITLE}`)
  await expect(business.getByText('Chờ hai bên xác nhận').first()).toBeVisible()
  await business.getByLabel('Địa điểm thực tập').fill('Nhà máy Hoshino, KCN Thăng Long, Đông Anh')
  await business.getByLabel('Người hướng dẫn (tên, liên hệ)').fill('Kỹ sư Trần Văn Minh')
  await business.getByLabel('Phụ cấp mỗi tháng cho học viên').fill('1.500.000')
  await business.getByLabel('Tiền tệ phụ cấp').selectOption('VND')
  // A supervisor's email that is not one is refused next to the field, and listed in the summary.
  await business.getByLabel('Email người hướng dẫn').fill('not-an-email')
  await business.getByRole('button', { name: 'Lưu điều khoản' }).click()
  await expect(business.locator('#agreement-terms-supervisorEmail-error')).toHaveText('Email không hợp lệ.')
  await expect(business.locator('#agreement-terms-error-summary')).toBeFocused()
  await business.getByLabel('Email người hướng dẫn').fill('minh.tran@hoshino.vn')
  await business.getByLabel('Điện thoại người hướng dẫn').fill('0912 000 111')
  await business.getByRole('button', { name: 'Lưu điều khoản' }).click()
  await expect(business.getByText('Đã lưu điều khoản. Cả hai bên cần xác nhận lại.')).toBeVisible()
  await business.getByRole('button', { name: 'Xác nhận điều khoản' }).click()
  await expect(business.getByText('Bạn đã xác nhận. Đang chờ bên kia xác nhận.')).toBeVisible()
  const agreementPath = new URL(business.url()).pathname

  // The college sees the reply with the phone number now shown, and confirms the same terms.
  await college.goto(proposalPath)
  await expect(college.getByText('Chào trường, nhà máy nhận 6 bạn; liên hệ kỹ sư Minh qua 0912 000 111.')).toBeVisible()
  await expect(college.getByText('business@caunoi.test')).toBeVisible()
  await college.getByRole('link', { name: 'Xem thỏa thuận' }).click()
  await expect(college).toHaveURL(new RegExp(`${agreementPath}$`))
  const terms = college.getByRole('region', { name: 'Điều khoản', exact: true })
  await expect(terms.getByText('Nhà máy Hoshino, KCN Thăng Long, Đông Anh')).toBeVisible()
  await expect(terms.getByText('1.500.000 ₫/tháng')).toBeVisible()
  await expect(terms.getByText('minh.tran@hoshino.vn')).toBeVisible()
  await college.getByRole('button', { name: 'Xác nhận điều khoản' }).click()
  await expect(college.getByText('Đã ghi nhận xác nhận của bạn.')).toBeVisible()
  await expect(college.getByText('Đã xác nhận', { exact: true })).toBeVisible()
  await expect(college.getByRole('link', { name: 'Thêm vào lịch (.ics)' })).toHaveAttribute('href', `${agreementPath}/calendar.ics`)

  // The printable page, in English.
  await college.getByRole('link', { name: 'Bản in' }).click()
  await expect(college.getByRole('heading', { level: 1 })).toHaveText('Thỏa thuận hợp tác')
  await college.getByRole('button', { name: 'English' }).click()
  await expect(college.getByRole('heading', { level: 1 })).toHaveText('Cooperation agreement')
  await expect(college.getByText('Kỹ sư Trần Văn Minh')).toBeVisible()
  await expect(college.getByText('Number of students')).toBeVisible()
  await college.getByRole('button', { name: 'Tiếng Việt' }).click()
  await expect(college.locator('html')).toHaveAttribute('lang', 'vi')

  // The calendar file, for either party.
  const calendar = await business.request.get(`${agreementPath}/calendar.ics`)
  expect(calendar.headers()['content-type']).toBe('text/calendar; charset=utf-8')
  expect(await calendar.text()).toMatch(/BEGIN:VEVENT[\s\S]*DTSTART;VALUE=DATE:\d{8}/)

  // Both dashboards list it.
  for (const page of [college, business]) {
    await page.goto('/dashboard')
    const agreements = page.getByRole('region', { name: 'Thỏa thuận' })
    await expect(agreements.getByRole('link', { name: `${NEED_TITLE} ↔ ${OFFER_TITLE}` })).toBeVisible()
    await expect(agreements.getByText('Đã xác nhận')).toBeVisible()
  }

  // The business marks it completed; each side reviews the other, and the reviews appear.
  await business.goto(agreementPath)
  await business.getByRole('button', { name: 'Đánh dấu đã hoàn thành' }).click()
  await expect(business.getByText('Thỏa thuận đã hoàn thành. Hãy đánh giá bên kia.')).toBeVisible()
  await business.getByLabel('4 sao').check()
  await business.getByLabel('Nhận xét').fill('Sinh viên chuẩn bị tốt về an toàn điện.')
  await business.getByRole('button', { name: 'Gửi đánh giá' }).click()
  await expect(business.getByText('Đã gửi đánh giá.')).toBeVisible()
  await college.goto(agreementPath)
  await college.getByLabel('5 sao').check()
  await college.getByLabel('Nhận xét').fill('Nhà máy hướng dẫn tận tình, đúng cam kết.')
  await college.getByRole('button', { name: 'Gửi đánh giá' }).click()
  await expect(college.getByText('Sinh viên chuẩn bị tốt về an toàn điện.')).toBeVisible()
  await business.reload()
  await expect(business.getByText('Nhà máy hướng dẫn tận tình, đúng cam kết.')).toBeVisible()
  await business.goto('/orgs/biz-hoshino')
  await expect(business.getByRole('region', { name: 'Đánh giá từ các đối tác' }).getByText('Nhà máy hướng dẫn tận tình, đúng cam kết.')).toBeVisible()
})

// Journey 4's contract, to its end: an expert applies to a college's expert need from its
// page with a cover note, a rate and dates; the college accepts; both confirm the contract
// (its total worked out from the rate and the working days, a work-permit status asked for
// on-site work); the college pays it by card (the fee and the expert's part shown first,
// Checkout at the Stripe stand-in, a signed webhook marks it paid for both sides); the
// college marks it completed; each reviews the other, blind until both
// have; the review shows on the expert's public profile.
const EXPERT_NEED_KEY = 'nd-vantri-expert-dual-trainer'
const EXPERT_NEED_TITLE = 'Chuyên gia bồi dưỡng giáo viên Điện công nghiệp theo chuẩn đào tạo kép'
const SERVICE_TITLE = 'PLC & mechatronics train-the-trainer in Hà Nội (TIA Portal, electro-pneumatics)'

test('an expert applies to an expert need; the contract is confirmed, completed and reviewed both ways', async ({ browser }) => {
  const expert = await logIn(browser, 'expert@caunoi.test')
  await expert.goto(`/needs/${EXPERT_NEED_KEY}`)
  await expert.getByRole('link', { name: 'Gửi đề xuất cho tin này' }).click()
  await expert.getByRole('radio', { name: new RegExp(SERVICE_TITLE.replace(/[()&]/g, '.')) }).check()
  await expert.getByLabel('Thư giới thiệu').fill('Twelve years training PLC instructors under the German dual system.')
  await expert.getByLabel('Ngày bắt đầu đề xuất').fill('2027-04-05')
  await expert.getByLabel('Ngày kết thúc đề xuất').fill('2027-04-16')
  await expert.getByLabel('Mức phí đề xuất').fill('400')
  await expert.getByLabel('Tiền tệ').selectOption('EUR')
  await expert.getByLabel('Tính theo').selectOption('day')
  await expert.getByRole('button', { name: 'Gửi đề xuất' }).click()
  await expect(expert.getByText('Đã gửi đề xuất. Bên kia sẽ được thông báo.')).toBeVisible()
  const proposalPath = new URL(expert.url()).pathname

  // The college accepts from its inbox.
  const college = await logIn(browser, 'college@caunoi.test')
  await college.goto('/proposals')
  await college.locator(`a[href="${proposalPath}"]`).first().click()
  await expect(college.getByText('Twelve years training PLC instructors under the German dual system.')).toBeVisible()
  await college.getByRole('button', { name: 'Chấp nhận' }).click()
  await college.getByRole('link', { name: 'Xem thỏa thuận' }).click()
  await expect(college).toHaveURL(/\/agreements\/[^/]+$/)
  const agreementPath = new URL(college.url()).pathname

  // Drafted from the application: 400 EUR a day for ten working days (5–16 April 2027).
  await expect(college.getByRole('heading', { level: 1 })).toHaveText(`Thỏa thuận: ${EXPERT_NEED_TITLE}`)
  await expect(college.getByText('Hợp đồng chuyên gia')).toBeVisible()
  const terms = college.getByRole('region', { name: 'Điều khoản', exact: true })
  await expect(terms.getByText(/4\.000,00\s*€/)).toBeVisible()
  await expect(college.getByLabel('Số ngày làm việc')).toHaveValue('10')
  // On site, the work permit must be stated before anyone can confirm.
  await expect(college.getByText('Hãy điền đủ điều khoản trước khi xác nhận.')).toBeVisible()
  await college.getByLabel('Giấy phép lao động').selectOption('exempt')
  await college.getByRole('button', { name: 'Lưu điều khoản' }).click()
  await expect(college.getByText('Đã lưu điều khoản. Cả hai bên cần xác nhận lại.')).toBeVisible()
  await college.getByRole('button', { name: 'Xác nhận điều khoản' }).click()
  await expect(college.getByText('Bạn đã xác nhận. Đang chờ bên kia xác nhận.')).toBeVisible()

  await expert.goto(agreementPath)
  await expect(expert.getByRole('region', { name: 'Điều khoản', exact: true }).getByText('Thuộc diện miễn giấy phép (ví dụ: làm việc ngắn ngày)')).toBeVisible()
  await expert.getByRole('button', { name: 'Xác nhận điều khoản' }).click()
  await expect(expert.getByText('Đã xác nhận', { exact: true })).toBeVisible()

  // The college pays by card: the fee and the expert's part are shown first, then Checkout.
  await college.reload()
  await college.getByRole('link', { name: 'Thanh toán hợp đồng' }).click()
  await expect(college.getByText('4.000,00 €').first()).toBeVisible()
  await expect(college.getByRole('term').filter({ hasText: 'Phí nền tảng (8%)' })).toBeVisible()
  await expect(college.getByText('320,00 €')).toBeVisible()
  await expect(college.getByText('3.680,00 €')).toBeVisible()
  // Stripe's hosted page is outside this machine: the journey stops at the redirect to it.
  await college.route('https://checkout.stripe.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Stripe Checkout</title><h1>Stripe Checkout</h1>' }))
  await college.getByLabel('Thẻ quốc tế (Stripe)').check()
  await college.getByRole('button', { name: 'Thanh toán', exact: true }).click()
  await expect(college).toHaveURL(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_/)
  const sessionId = /\/pay\/(cs_[^#/?]+)/.exec(college.url())![1]!
  // Stripe tells the app the session is paid, signed with the webhook secret.
  const event = stripeEvent('checkout.session.completed', { id: sessionId, object: 'checkout.session', payment_status: 'paid', status: 'complete', amount_total: 400_000, currency: 'eur', payment_intent: 'pi_e2e_katrin' })
  const { body, headers } = signedWebhook(event, STRIPE_WEBHOOK_SECRET)
  expect((await college.request.post('/api/webhooks/stripe', { data: body, headers })).status()).toBe(200)
  // Both sides see it paid, with the platform fee and how the expert is paid out.
  for (const page of [college, expert]) {
    await page.goto(agreementPath)
    const payment = page.getByRole('region', { name: 'Thanh toán hợp đồng' })
    await expect(payment.getByText('Đã thanh toán')).toBeVisible()
    await expect(payment.getByText(/Phí nền tảng: 320,00\s€/)).toBeVisible()
    await expect(payment.getByText('Chuyên gia được nền tảng chuyển khoản thủ công.', { exact: false })).toBeVisible()
  }

  // The college marks it completed and reviews the expert; the expert cannot read it yet.
  await college.reload()
  await college.getByRole('button', { name: 'Đánh dấu đã hoàn thành' }).click()
  await expect(college.getByText('Thỏa thuận đã hoàn thành. Hãy đánh giá bên kia.')).toBeVisible()
  await college.getByLabel('5 sao').check()
  await college.getByLabel('Nhận xét').fill('Giáo viên của trường học được rất nhiều.')
  await college.getByRole('button', { name: 'Gửi đánh giá' }).click()
  await expect(college.getByText('Đã gửi đánh giá.')).toBeVisible()

  await expert.reload()
  await expect(expert.getByText(/^Bên kia đã đánh giá\. Bạn sẽ xem được khi/)).toBeVisible()
  await expect(expert.getByText('Giáo viên của trường học được rất nhiều.')).toHaveCount(0)
  await expert.getByLabel('4 sao').check()
  await expert.getByRole('button', { name: 'Gửi đánh giá' }).click()
  await expect(expert.getByText('Giáo viên của trường học được rất nhiều.')).toBeVisible()

  // Both written: the review is public on the expert's profile.
  const visitor = await (await browser.newContext()).newPage()
  await visitor.goto('/experts/exp-katrin-hoffmann')
  const reviews = visitor.getByRole('region', { name: 'Đánh giá từ các đối tác' })
  await expect(reviews.getByText('Giáo viên của trường học được rất nhiều.')).toBeVisible()
  await expect(reviews.getByText('Trung bình 5/5 từ 1 đánh giá')).toBeVisible()
})

// Journey 2's training order: a business orders graduates trained to its standard; a college
// answers with a cohort from its internship need; the business accepts, and the agreement is a
// training order with the standard and the hiring commitment drafted from the order.
test('a business posts a training order; a college proposes a cohort; it is accepted', async ({ browser }) => {
  const business = await logIn(browser, 'business@caunoi.test')
  await business.goto('/offers/new')
  await business.getByRole('link', { name: /^Đặt hàng đào tạo/ }).click()
  const title = `Tuyển 12 kỹ thuật viên điện sau đào tạo ${Date.now().toString(36)}`
  await business.getByLabel('Tiêu đề').fill(title)
  await business.getByLabel('Ngành nghề 1').fill('Điện công nghiệp')
  await business.getByLabel('Kỹ năng 1').fill('PLC S7-1200, đấu nối tủ điện')
  await business.getByLabel('Số người tốt nghiệp sẽ tuyển').fill('12')
  await business.getByLabel('Chuẩn đào tạo yêu cầu').fill('Đấu nối và bảo trì tủ điện; lập trình PLC S7-1200 cơ bản')
  await business.getByLabel('Chứng chỉ yêu cầu (nếu có)').fill('Chứng chỉ kỹ năng nghề quốc gia bậc 2')
  await business.getByLabel('Từ ngày').fill('2027-01-04')
  await business.getByLabel('Sẵn sàng làm việc trước ngày').fill('2027-06-30')
  await business.getByRole('button', { name: 'Đăng tin' }).click()
  await expect(business.getByRole('heading', { level: 1, name: title })).toBeVisible()
  const orderPath = new URL(business.url()).pathname

  // The college answers from the order's page with a cohort of 12 from its internship need.
  const college = await logIn(browser, 'college@caunoi.test')
  await college.goto(orderPath)
  await college.getByRole('link', { name: 'Gửi đề xuất cho tin này' }).click()
  await college.getByRole('radio', { name: new RegExp(NEED_TITLE) }).check()
  await college.getByLabel('Số lượng (học viên, thiết bị…)').fill('12')
  await college.getByLabel('Lời nhắn').fill('Khóa 18 có 12 sinh viên sẽ học thêm PLC S7-1200 để đạt chuẩn của công ty.')
  await college.getByRole('button', { name: 'Gửi đề xuất' }).click()
  await expect(college.getByText('Đã gửi đề xuất. Bên kia sẽ được thông báo.')).toBeVisible()
  const proposalPath = new URL(college.url()).pathname

  // The business accepts; the agreement is a training order, drafted from the order.
  await business.goto('/proposals')
  await business.locator(`a[href="${proposalPath}"]`).first().click()
  await expect(business.getByText('Khóa 18 có 12 sinh viên sẽ học thêm PLC S7-1200 để đạt chuẩn của công ty.')).toBeVisible()
  await business.getByRole('button', { name: 'Chấp nhận' }).click()
  await expect(business.getByText('Đã chấp nhận đề xuất.')).toBeVisible()
  await business.getByRole('link', { name: 'Xem thỏa thuận' }).click()
  await expect(business.getByText('Đặt hàng đào tạo', { exact: true })).toBeVisible()
  const terms = business.getByRole('region', { name: 'Điều khoản', exact: true })
  await expect(terms.getByText('Đấu nối và bảo trì tủ điện; lập trình PLC S7-1200 cơ bản')).toBeVisible()
  await expect(terms.getByText('Chứng chỉ kỹ năng nghề quốc gia bậc 2')).toBeVisible()
  await expect(business.getByLabel('Quy mô khóa đào tạo (học viên)')).toHaveValue('12')
  await expect(business.getByLabel('Cam kết tuyển dụng (số người)')).toHaveValue('12')

  // The order is now fully answered: it is filled and leaves the marketplace.
  const visitor = await (await browser.newContext()).newPage()
  await visitor.goto(orderPath)
  await expect(visitor.getByText('Đã đủ', { exact: true })).toBeVisible()
})
