import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as editListing from '~/routes/$listings.$key.edit'
import * as listingPage from '~/routes/$listings.$key._index'
import * as manageListing from '~/routes/$listings.$key.manage'
import * as reportListing from '~/routes/$listings.$key.report'
import * as browseListings from '~/routes/$listings._index'
import * as newListing from '~/routes/$listings.new'
import { prisma } from '~/modules/db/db.server'
import { buildBusiness, buildCollege, buildDocument, buildNeed } from '../factories/listings'
import { startTestApp, type TestApp } from '../support/http'
import { FUTURE, cookieFor, load, makeUser, memberOf, redirectKey } from '../support/listing-fixtures'
import { args, get, post, run } from '../support/routes'

// Needs and offers share one route file per page (app/routes/$listings.*): the first segment
// of the URL says which. Any other first segment is not found, as on the catch-all route.

const college = buildCollege()
const business = buildBusiness({ location: { lat: 21.1118, lng: 105.7905 } })
const need = buildNeed({ org: college, ...FUTURE })
let app: TestApp
let cookie: string
let businessOwner: { cookie: string }

beforeAll(async () => {
  await load(buildDocument({ organizations: [college, business], needs: [need] }))
  cookie = await cookieFor((await makeUser()).id)
  businessOwner = await memberOf(business.key, 'owner', 'Hoshino HR')
  app = await startTestApp()
}, 60_000)

afterAll(async () => {
  await app?.stop()
})

describe('the $listings routes', () => {
  it('answer 404 under any first segment but needs and offers, signed in or not', async () => {
    const loaders = [browseListings.loader, newListing.loader, listingPage.loader, editListing.loader, manageListing.loader, reportListing.loader]
    for (const loader of loaders) {
      for (const who of [undefined, cookie]) {
        expect(await run(() => loader(args(get(`/widgets/${need.key}`, { cookie: who }), { listings: 'widgets', key: need.key })))).toMatchObject({ status: 404, thrown: true })
      }
    }
    for (const action of [newListing.action, editListing.action, manageListing.action, reportListing.action]) {
      const request = new Request(`http://localhost/widgets/${need.key}`, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ intent: 'close' }) })
      expect(await run(() => action(args(request, { listings: 'widgets', key: need.key })))).toMatchObject({ status: 404, thrown: true })
    }
  })

  it('/offers/new: a business posts a training order (graduates to hire, the standard, ready by the end date)', async () => {
    const chooser = await run(() => newListing.loader(args(get('/offers/new', { cookie: businessOwner.cookie }), { listings: 'offers' })))
    expect((chooser.data as { chooser: string[] }).chooser).toContain('training_order')
    const page = await run(() => newListing.loader(args(get('/offers/new?kind=training_order', { cookie: businessOwner.cookie, headers: { 'Accept-Language': 'en' } }), { listings: 'offers' })))
    expect(page.data).toMatchObject({ kind: 'training_order', kindLabel: 'Training order', defaults: { languages: ['vi'] } })

    const form = {
      orgKey: business.key, title: 'Tuyển 20 kỹ thuật viên điện sau đào tạo', 'occupations[0]': 'Điện công nghiệp', 'skills[0]': 'PLC S7-1200, đấu nối tủ điện',
      capacity: '20', standard: 'Đấu nối và bảo trì tủ điện; PLC S7-1200 cơ bản', certificate: 'Chứng chỉ nghề bậc 2', languages: 'vi',
      recruiterContact: 'Chị Hoa, 0912 000 222', ...FUTURE,
    }
    // Bad input: errors next to the fields, nothing written.
    const { standard: _s, ...unstated } = form
    const refused = await run(() => newListing.action(args(post('/offers/new?kind=training_order', { form: { ...unstated, capacity: '0' }, cookie: businessOwner.cookie }), { listings: 'offers' })))
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.data)).toMatch(/"standard":\["validation.required"\]/)
    expect(JSON.stringify(refused.data)).toMatch(/"capacity":\["listings.validation.positive"\]/)

    const created = await run(() => newListing.action(args(post('/offers/new?kind=training_order', { form, cookie: businessOwner.cookie }), { listings: 'offers' })))
    const key = redirectKey(created, 'offers')
    expect(await prisma.offer.findUniqueOrThrow({ where: { key } })).toMatchObject({
      kind: 'training_order', status: 'open', capacity: 20, occupations: ['Điện công nghiệp'], skills: ['PLC S7-1200', 'đấu nối tủ điện'],
      endDate: new Date(`${FUTURE.endDate}T00:00:00Z`), priceAmount: null, languages: ['vi'],
      details: { standard: 'Đấu nối và bảo trì tủ điện; PLC S7-1200 cơ bản', certificate: 'Chứng chỉ nghề bậc 2', recruiterContact: 'Chị Hoa, 0912 000 222' },
    })

    // Its page: the standard for everyone, the recruiting contact not for a stranger.
    const shown = await run(() => listingPage.loader(args(get(`/offers/${key}`, { headers: { 'Accept-Language': 'en' } }), { listings: 'offers', key })))
    const listing = (shown.data as { listing: { kind: string; quantity: number; details: { path: string[]; value: unknown }[]; contacts: unknown } }).listing
    expect(listing).toMatchObject({ kind: 'training_order', quantity: 20, contacts: null })
    expect(listing.details).toEqual(
      expect.arrayContaining([
        { path: ['standard'], value: 'Đấu nối và bảo trì tủ điện; PLC S7-1200 cơ bản' },
        { path: ['certificate'], value: 'Chứng chỉ nghề bậc 2' },
      ]),
    )
    expect(JSON.stringify(listing)).not.toContain('0912 000 222')
    // Over HTTP, in English: the kind, the ready-by date, the standard under its label.
    const html = await (await fetch(`${app.url}/offers/${key}`, { headers: { 'Accept-Language': 'en' } })).text()
    for (const text of ['Training order', 'Ready to work by', 'Graduates to hire', 'Training standard', 'Đấu nối và bảo trì tủ điện']) expect(html).toContain(text)
    expect(html).not.toContain('0912 000 222')

    // Editing shows what was saved.
    const edit = await run(() => editListing.loader(args(get(`/offers/${key}/edit`, { cookie: businessOwner.cookie }), { listings: 'offers', key })))
    expect(edit.data).toMatchObject({ kind: 'training_order', defaults: { capacity: '20', standard: form.standard, certificate: form.certificate } })
  })

  it('over HTTP: /needs and a need are found; an unknown one-segment URL gets the localised 404 page', async () => {
    expect((await fetch(`${app.url}/needs`)).status).toBe(200)
    const page = await fetch(`${app.url}/needs/${need.key}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(need.title)
    for (const url of ['/widgets', '/widgets/new', `/widgets/${need.key}/edit`]) {
      const missing = await fetch(`${app.url}${url}`, { headers: { 'Accept-Language': 'en' } })
      expect(missing.status, url).toBe(404)
      expect(await missing.text(), url).toContain('Page not found')
    }
  })
})
