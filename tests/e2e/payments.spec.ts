import { expect, test } from '@playwright/test'
import { logIn } from './accounts'

// Journey 3: a college asks for money towards an equipment need; a business sponsors it by
// bank transfer and sees the VietQR code; an admin reconciles the transfer from the bank's
// statement (CSV); the need's progress bar and the sponsor's receipt follow.

// Demo data: col-van-tri's equipment need (owner college@caunoi.test).
const NEED_KEY = 'nd-vantri-equip-plc-trainers'

test('a business sponsors an equipment need by bank transfer; the admin reconciles it from the statement', async ({ browser }) => {
  // The college asks for 60,000,000 ₫ towards its need.
  const college = await logIn(browser, 'college@caunoi.test')
  await college.goto(`/needs/${NEED_KEY}/edit`)
  // The imported demo need lacks what the form requires of an equipment need: the college completes it.
  await college.getByLabel('Thiết bị cần (tên, thông số)').fill('6 bàn thực hành PLC S7-1200 kèm HMI và biến tần')
  await college.getByRole('checkbox', { name: 'Thuê' }).check()
  await college.getByLabel('Số tiền cần gây quỹ (nếu cần tài trợ)').fill('60.000.000')
  await college.getByRole('button', { name: 'Lưu thay đổi' }).click()
  await expect(college.getByRole('heading', { name: 'Gây quỹ' })).toBeVisible()
  await expect(college.getByRole('progressbar', { name: 'Tiến độ gây quỹ' })).toHaveAttribute('aria-valuenow', '0')

  // A business sponsors 15,000,000 ₫ by bank transfer and is shown the VietQR code.
  const business = await logIn(browser, 'business@caunoi.test')
  await business.goto(`/needs/${NEED_KEY}`)
  await business.getByRole('link', { name: 'Tài trợ nhu cầu này' }).click()
  await business.getByLabel('Số tiền').fill('15.000.000')
  await business.getByLabel('Chuyển khoản ngân hàng (quét mã VietQR, chỉ VND)').check()
  await business.getByRole('button', { name: 'Tiếp tục thanh toán' }).click()
  await expect(business).toHaveURL(/\/payments\/[^/]+$/)
  await expect(business.getByText('Đang chờ thanh toán')).toBeVisible()
  const qr = business.getByRole('img', { name: 'Mã VietQR cho khoản chuyển này' })
  await expect(qr.locator('svg')).toBeVisible()
  const transfer = business.getByRole('region', { name: 'Chuyển khoản ngân hàng' })
  const reference = (await business.locator('dd.font-mono').last().innerText()).trim()
  expect(reference).toMatch(/^CN[A-HJ-NP-Z2-9]{8}$/)
  await expect(transfer.getByText('15.000.000 ₫')).toBeVisible()
  // Reserved, not yet raised.
  await business.goto(`/needs/${NEED_KEY}`)
  await expect(business.getByText('Đang chờ chuyển khoản: 15.000.000 ₫')).toBeVisible()

  // The admin uploads the bank's statement: the transfer is matched by its reference and amount.
  const admin = await logIn(browser, 'admin@caunoi.test')
  await admin.goto('/admin/payments')
  const statement = ['Ngày giao dịch,Số tiền ghi có,Nội dung', `02/03/2027,15.000.000,"HOSHINO TAI TRO ${reference.slice(0, 5)} ${reference.slice(5)}"`, '02/03/2027,700.000,CHUYEN TIEN KHONG RO'].join('\n')
  await admin.getByLabel('Tệp sao kê (CSV)').setInputFiles({ name: 'sao-ke-0203.csv', mimeType: 'text/csv', buffer: Buffer.from(statement) })
  await admin.getByRole('button', { name: 'Tải lên và đối soát' }).click()
  const summary = admin.getByRole('status').filter({ hasText: 'Kết quả đối soát “sao-ke-0203.csv”' })
  await expect(summary.getByRole('listitem').filter({ hasText: 'Khớp:' })).toContainText('1')
  // The unknown transfer waits for the admin.
  await expect(admin.getByRole('region', { name: /^Dòng sao kê cần xử lý/ }).getByText('CHUYEN TIEN KHONG RO')).toBeVisible()

  // The progress bar moves, the sponsor is credited, and the receipt is in the mailbox.
  await business.goto(`/needs/${NEED_KEY}`)
  await expect(business.getByRole('progressbar', { name: 'Tiến độ gây quỹ' })).toHaveAttribute('aria-valuenow', '25')
  await expect(business.getByText('Đã gây quỹ 15.000.000 ₫ / 60.000.000 ₫ (25%)')).toBeVisible()
  await expect(business.getByRole('region', { name: 'Gây quỹ' }).getByRole('link', { name: /Hoshino/ })).toBeVisible()
  await business.goto(`/dev/mailbox?to=${encodeURIComponent('business@caunoi.test')}`)
  // In the language of the business's account (another journey may have switched it to English).
  await business.getByRole('link', { name: new RegExp(`^(Biên nhận thanh toán|Receipt for payment) ${reference}`) }).click()
  await expect(business.getByText(/15[.,]000[.,]000/).first()).toBeVisible()
})
