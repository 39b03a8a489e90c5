import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as editListing from '~/routes/$listings.$key.edit'
import * as listingPage from '~/routes/$listings.$key._index'
import * as manageListing from '~/routes/$listings.$key.manage'
import * as reportListing from '~/routes/$listings.$key.report'
import * as browseListings from '~/routes/$listings._index'
import * as newListing from '~/routes/$listings.new'
import { buildCollege, buildDocument, buildNeed } from '../factories/listings'
import { startTestApp, type TestApp } from '../support/http'
import { FUTURE, cookieFor, load, makeUser } from '../support/listing-fixtures'
import { args, get, run } from '../support/routes'

// Needs and offers share one route file per page (app/routes/$listings.*): the first segment
// of the URL says which. Any other first segment is not found, as on the catch-all route.

const college = buildCollege()
const need = buildNeed({ org: college, ...FUTURE })
let app: TestApp
let cookie: string

beforeAll(async () => {
  await load(buildDocument({ organizations: [college], needs: [need] }))
  cookie = await cookieFor((await makeUser()).id)
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
