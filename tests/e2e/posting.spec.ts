import { expect, test, type Page } from '@playwright/test'
import { signIn } from './accounts'

// Journeys: members post listings through the forms (every kind a college needs, a business's
// placement and equipment lease, an expert's service), manage them from the dashboard, and
// post without JavaScript. Demo logins: seeds/demo-accounts.json.


async function dates(page: Page, start = '2027-09-01', end = '2027-12-20') {
  await page.getByLabel('Từ ngày').fill(start)
  await page.getByLabel('Đến ngày').fill(end)
}

test('a college posts an internship, an equipment and an expert need, then manages them from the dashboard', async ({ page }) => {
  const run = Date.now().toString(36)
  await signIn(page, 'college@caunoi.test')

  // Internship: the form refuses empty input next to the fields, suggests occupations, takes VND with dots.
  await page.getByRole('link', { name: 'Đăng nhu cầu mới' }).click()
  await expect(page.getByRole('heading', { name: 'Trường bạn cần gì?' })).toBeVisible()
  await page.getByRole('link', { name: /^Thực tập/ }).click()
  await expect(page.getByRole('heading', { name: 'Đăng nhu cầu: Thực tập' })).toBeVisible()
  await page.getByRole('button', { name: 'Đăng tin' }).click()
  // The error summary at the top has focus and links each problem to its field; the message is next to the field too.
  await expect(page.locator('#need-internship-create-error-summary')).toBeFocused()
  await expect(page.locator('#need-internship-create-error-summary a[href="#need-internship-create-occupations"]')).toHaveText('Ngành nghề: Hãy nhập ít nhất một ngành nghề.')
  await expect(page.getByRole('alert').getByText('Hãy nhập ít nhất một ngành nghề.')).toBeVisible()
  await expect(page.getByText('Vui lòng nhập trường này.').first()).toBeVisible()
  await expect(page.locator('#need-internship-create-occupation-suggestions option[value="Điện công nghiệp"]')).toHaveCount(1)

  const internship = `Thực tập Điện công nghiệp khóa 19 (${run})`
  await page.getByLabel('Tiêu đề').fill(internship)
  await page.getByLabel('Ngành nghề 1').fill('Điện công nghiệp')
  await page.getByLabel('Kỹ năng 1').fill('PLC S7-1200, biến tần')
  await page.getByLabel('Số sinh viên').fill('0')
  await page.getByLabel('Yêu cầu đối với nơi thực tập').fill('Có xe đưa đón từ trường')
  await page.getByLabel(/Mức hỗ trợ mong muốn/).fill('2.500.000')
  await page.getByLabel('Giáo viên hướng dẫn của trường').fill('Cô Hương, 0912 345 678')
  await dates(page, '2027-12-01', '2027-09-01')
  await page.getByRole('button', { name: 'Đăng tin' }).click()
  await expect(page.getByRole('alert').getByText('Phải lớn hơn 0.')).toBeVisible()
  await expect(page.getByRole('alert').getByText('Ngày kết thúc không được trước ngày bắt đầu.')).toBeVisible()
  await page.getByLabel('Số sinh viên').fill('24')
  await dates(page)
  await page.getByRole('button', { name: 'Đăng tin' }).click()
  await expect(page).toHaveURL(/\/needs\/need-thuc-tap-dien-cong-nghiep-khoa-19-[a-z0-9-]+$/)
  await expect(page.getByRole('heading', { level: 1, name: internship })).toBeVisible()

  // Equipment: several accepted terms, a monthly lease budget and an estimated value.
  await page.goto('/needs/new?kind=equipment')
  const equipment = `Máy tiện CNC cho xưởng cơ khí (${run})`
  await page.getByLabel('Tiêu đề').fill(equipment)
  await page.getByLabel('Thiết bị cần (tên, thông số)').fill('Máy tiện CNC cỡ nhỏ, điều khiển Fanuc')
  await page.getByLabel('Số lượng thiết bị').fill('2')
  await page.getByLabel('Mục đích sử dụng').fill('Thực hành tiện cho 60 sinh viên mỗi năm')
  await page.getByLabel('Ngành nghề 1').fill('Cắt gọt kim loại')
  await page.getByRole('checkbox', { name: 'Nhận tặng' }).check()
  await page.getByRole('checkbox', { name: 'Thuê' }).check()
  await page.getByLabel('Ngân sách thuê mỗi tháng').fill('8.000.000')
  await page.getByLabel('Giá trị ước tính').fill('450.000.000')
  await dates(page)
  await page.getByRole('button', { name: 'Đăng tin' }).click()
  await expect(page.getByRole('heading', { level: 1, name: equipment })).toBeVisible()

  // Expert: teaching languages, remote work, a daily budget in USD.
  await page.goto('/needs/new?kind=expert')
  const expert = `Chuyên gia đào tạo giáo viên PLC (${run})`
  await page.getByLabel('Tiêu đề').fill(expert)
  await page.getByLabel('Chủ đề giảng dạy hoặc tư vấn').fill('Lập trình PLC theo chuẩn Đức')
  await page.getByLabel('Ngành nghề 1').fill('Cơ điện tử')
  await page.getByRole('checkbox', { name: 'Tiếng Anh' }).check()
  await page.getByRole('radio', { name: 'Từ xa (trực tuyến)' }).check()
  await page.getByLabel('Số ngày cần chuyên gia').fill('10')
  await page.getByLabel('Ngân sách').fill('500')
  await page.locator('select[name="budgetCurrency"]').selectOption('USD')
  await page.locator('select[name="budgetPer"]').selectOption('day')
  await dates(page)
  await page.getByRole('button', { name: 'Đăng tin' }).click()
  await expect(page.getByRole('heading', { level: 1, name: expert })).toBeVisible()

  // The dashboard lists all three; closing one moves it out of the open ones.
  await page.goto('/dashboard')
  for (const title of [internship, equipment, expert]) await expect(page.getByRole('link', { name: title })).toBeVisible()
  const row = page.locator('li', { has: page.getByRole('link', { name: equipment }) })
  await row.getByRole('button', { name: 'Đóng tin' }).click()
  await expect(page).toHaveURL(/\/dashboard$/)
  await expect(page.locator('li', { has: page.getByRole('link', { name: equipment }) }).getByRole('button', { name: 'Mở lại' })).toBeVisible()

  // Editing keeps what was saved and shows the amounts as typed.
  await page.getByRole('link', { name: internship }).click()
  await expect(page).toHaveURL(/\/needs\/need-/)
  // The address changes a moment before the page does: wait for the need itself, or 'Sửa'
  // would be the dashboard's first one (the newest listing, the expert need).
  await expect(page.getByRole('heading', { level: 1, name: internship })).toBeVisible()
  await page.getByRole('link', { name: 'Sửa', exact: true }).first().click()
  await expect(page.getByLabel(/Mức hỗ trợ mong muốn/)).toHaveValue('2.500.000')
  await expect(page.getByLabel('Ngành nghề 1')).toHaveValue('Điện công nghiệp')
  await page.getByLabel('Số sinh viên').fill('30')
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click()
  await expect(page.getByRole('heading', { level: 1, name: internship })).toBeVisible()
})

test('a business posts a placement and an equipment lease (in English)', async ({ page }) => {
  const run = Date.now().toString(36)
  await signIn(page, 'business@caunoi.test')
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')

  await page.getByRole('link', { name: 'Post a new offer' }).click()
  await page.getByRole('link', { name: /^Placement/ }).click()
  const placement = `10 mechatronics internship places (${run})`
  await page.getByLabel('Title').fill(placement)
  await page.getByLabel('Occupations 1').fill('Cơ điện tử')
  await page.getByLabel('Skills 1').fill('PLC, pneumatics')
  await page.getByLabel('Number of places').fill('10')
  await page.getByLabel('Address of the internship site').fill('Lô C4, KCN Thăng Long, Đông Anh')
  await page.getByLabel(/^Stipend per student/).fill('3,000,000')
  await page.getByLabel('The company’s mentor').fill('Mr Đức, 0987 000 111')
  await page.getByLabel('From').fill('2027-09-01')
  await page.getByLabel('Until').fill('2027-12-20')
  await page.getByRole('button', { name: 'Publish' }).click()
  await expect(page).toHaveURL(/\/offers\/offer-10-mechatronics-internship-places-[a-z0-9-]+$/)
  await expect(page.getByRole('heading', { level: 1, name: placement })).toBeVisible()

  await page.goto('/offers/new?kind=equipment')
  const lease = `Lease of two MIG welders (${run})`
  await page.getByLabel('Title').fill(lease)
  await page.getByLabel('Number of units').fill('2')
  await page.getByRole('radio', { name: 'Lease' }).check()
  await page.getByLabel('Condition').selectOption('good')
  await page.getByLabel('Deposit').fill('5,000,000')
  await page.getByLabel('Return terms').fill('Back after 12 months; we service them twice.')
  await page.getByLabel('From').fill('2027-09-01')
  await page.getByLabel('Until').fill('2028-08-31')
  // a lease needs its monthly price
  await page.getByRole('button', { name: 'Publish' }).click()
  await expect(page.getByRole('alert').getByText('Please fill in this field.')).toBeVisible()
  await page.getByLabel('Monthly lease price').fill('1,200,000')
  await page.getByRole('button', { name: 'Publish' }).click()
  await expect(page.getByRole('heading', { level: 1, name: lease })).toBeVisible()

  await page.goto('/dashboard')
  await expect(page.getByRole('link', { name: placement })).toBeVisible()
  await expect(page.getByRole('link', { name: lease })).toBeVisible()
})

test('an expert publishes a service with a daily rate in USD', async ({ page }) => {
  const run = Date.now().toString(36)
  await signIn(page, 'expert@caunoi.test')
  await page.getByRole('link', { name: 'Đăng dịch vụ mới' }).click()
  await expect(page.getByRole('heading', { name: 'Đăng đề nghị: Dịch vụ chuyên gia' })).toBeVisible()
  const service = `Đào tạo giáo viên PLC tại Hà Nội (${run})`
  await page.getByLabel('Tiêu đề').fill(service)
  await page.getByLabel('Ngành nghề 1').fill('Cơ điện tử')
  await page.getByLabel('Kỹ năng 1').fill('TIA Portal, khí nén')
  // the profile's languages are ticked already
  await expect(page.getByRole('checkbox', { name: 'Tiếng Đức' })).toBeChecked()
  await page.getByLabel('Mức phí').fill('450')
  await page.locator('select[name="rateCurrency"]').selectOption('USD')
  await page.locator('select[name="ratePer"]').selectOption('day')
  await dates(page, '2027-10-01', '2028-06-30')
  // a foreign expert working on site states the work permit
  await page.getByRole('button', { name: 'Đăng tin' }).click()
  await expect(page.getByRole('alert').getByText('Hãy cho biết tình trạng giấy phép lao động khi làm việc tại chỗ.')).toBeVisible()
  await page.getByLabel('Giấy phép lao động').selectOption('exempt')
  await page.getByRole('button', { name: 'Đăng tin' }).click()
  await expect(page).toHaveURL(/\/offers\/offer-dao-tao-giao-vien-plc-tai-ha-noi-[a-z0-9-]+$/)
  await expect(page.getByRole('heading', { level: 1, name: service })).toBeVisible()
  await page.goto('/dashboard')
  await expect(page.getByRole('link', { name: service })).toBeVisible()
})

test('posting works without JavaScript: errors come back from the server, comma-separated occupations are split', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await signIn(page, 'kimlien@caunoi.test')
  await page.goto('/needs/new?kind=internship')
  const title = `Thực tập lễ tân khách sạn (${Date.now().toString(36)})`
  await page.getByLabel('Tiêu đề').fill(title)
  await page.getByLabel('Ngành nghề 1').fill('Quản trị khách sạn, Nghiệp vụ lễ tân')
  await page.getByLabel('Số sinh viên').fill('mười')
  await dates(page)
  await page.getByRole('button', { name: 'Đăng tin' }).click()
  await expect(page.getByRole('alert').getByText('Hãy nhập một số nguyên.')).toBeVisible()
  // what was typed is still there
  await expect(page.getByLabel('Tiêu đề')).toHaveValue(title)
  await expect(page.getByLabel('Ngành nghề 1')).toHaveValue('Quản trị khách sạn, Nghiệp vụ lễ tân')
  await page.getByLabel('Số sinh viên').fill('12')
  await page.getByRole('button', { name: 'Lưu nháp' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByText('Quản trị khách sạn', { exact: true })).toBeVisible()
  await expect(page.getByText('Nghiệp vụ lễ tân', { exact: true })).toBeVisible()
  await page.goto('/dashboard')
  const row = page.locator('li', { has: page.getByRole('link', { name: title }) })
  await expect(row.getByText('Bản nháp')).toBeVisible()
  await row.getByRole('button', { name: 'Đăng tin' }).click()
  await expect(page.locator('li', { has: page.getByRole('link', { name: title }) }).getByRole('button', { name: 'Đóng tin' })).toBeVisible()
  await context.close()
})
