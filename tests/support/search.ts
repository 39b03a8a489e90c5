import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { prisma } from '~/modules/db/db.server'
import { forgetRates } from '~/modules/money/exchange-rates.server'
import { forgetTaxonomy } from '~/modules/taxonomy/load.server'
import { processOutbox } from '~/modules/outbox/outbox.server'
import { loadOccupations } from '~/modules/composition/demo-data.server'
import { connectSearch } from '~/modules/search/client.server'
import { setIndexPrefix } from '~/modules/search/indexes.server'
import { startEmbeddedMeilisearch, type MeilisearchHandle } from '~/modules/search/meilisearch-process.server'
import type { SearchPageData } from '~/modules/search/search.server'
import { prepareSearch } from '~/modules/search/sync.server'
import * as searchRoute from '~/routes/search'

// A real Meilisearch for a test file: its own server in a temporary folder (or one under
// TEST_DATA_DIR), indexes under a prefix of their own, the seed taxonomy in the file's
// database. `restart` brings the server back on the same data after a test killed it.

export type TestSearch = {
  dataDir: string
  handle: MeilisearchHandle
  restart: () => Promise<MeilisearchHandle>
  stop: () => Promise<void>
}

/** `prepare: false` leaves the indexes unmade, as a first start finds them (startSearchSync then does it). */
export async function startTestSearch({ prepare = true }: { prepare?: boolean } = {}): Promise<TestSearch> {
  const parent = process.env.TEST_DATA_DIR ?? os.tmpdir()
  fs.mkdirSync(parent, { recursive: true })
  const dataDir = fs.mkdtempSync(path.join(parent, 'meili-'))
  const search: TestSearch = {
    dataDir,
    handle: await startEmbeddedMeilisearch(dataDir),
    async restart() {
      search.handle = await startEmbeddedMeilisearch(dataDir)
      await connectSearch(search.handle.host, search.handle.masterKey)
      return search.handle
    },
    async stop() {
      await search.handle.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
  await connectSearch(search.handle.host, search.handle.masterKey)
  setIndexPrefix(`t${randomBytes(4).toString('hex')}_`)
  await loadOccupations()
  forgetTaxonomy()
  forgetRates()
  if (prepare) await prepareSearch()
  return search
}

/** Delivers every due outbox entry; fails the test if a search entry could not be delivered. */
export async function drainOutbox(): Promise<void> {
  while ((await processOutbox(50)) > 0) {
    // keep going until nothing is due
  }
  const failed = await prisma.outboxEntry.findFirst({ where: { kind: 'search_index', status: 'pending', attempts: { gt: 0 } } })
  if (failed) throw new Error(`search entry ${failed.idempotencyKey} failed: ${failed.lastError}`)
}

/** The /search loader's data for `?query`, following its redirect to the canonical URL as a browser would. */
export async function loadSearchPage(query: string, headers: Record<string, string> = {}): Promise<SearchPageData> {
  try {
    return await searchRoute.loader({ request: new Request(`http://localhost/search${query}`, { headers }), params: {}, context: {} })
  } catch (thrown) {
    if (!(thrown instanceof Response) || thrown.status !== 302) throw thrown
    const location = thrown.headers.get('Location')!
    if (location === `/search${query}`) throw new Error(`/search${query} redirects to itself`)
    return loadSearchPage(location.replace(/^\/search/, ''), headers)
  }
}
