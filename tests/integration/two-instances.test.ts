import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importDocument } from '~/modules/import/import.server'
import type { ImportDocumentInput } from '~/modules/import/format'
import { loadOccupations } from '~/modules/composition/demo-data.server'
import { projectRoot } from '~/modules/runtime/paths.server'
import { freePort, stopProcess } from '~/modules/runtime/process.server'
import { connectSearch } from '~/modules/search/client.server'
import { startEmbeddedMeilisearch, type MeilisearchHandle } from '~/modules/search/meilisearch-process.server'
import { buildBusiness, buildCollege, buildDocument, buildNeed, buildOffer } from '../factories/listings'
import { testDatabaseUrl } from '../support/database'
import { drainOutbox } from '../support/search'

// Two production app processes (`npm start`'s app/cli/serve.ts) on one PostgreSQL (this file's
// database) and one Meilisearch, as a deployment behind a load balancer runs them
// (README.md, "Going to production": several instances). This test process is the third party: it
// writes as the importer does (rows and outbox entries in one transaction) and runs the outbox
// worker itself (the instances' are off), so the test decides when a change becomes
// searchable. (Workers in several processes at once: outbox.test.ts and schedules.test.ts.)
// What must hold:
// - matches are cached per process, yet no instance serves a stale match: a listing closed a
//   moment ago is out of both at once, before its index update; a change that has reached the
//   index changes the next response of both, even when they had cached the result in between;
//   in both directions;
// - the match API's per-address limit holds across the two (leases from one store).

const RATE_LIMIT = 100 // per minute: leases of 2 (rate-limit.server.ts)
const folder = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR ?? os.tmpdir(), 'two-instances-'))

type Instance = { name: string; url: string; process: ChildProcess; output: string[] }
let meili: MeilisearchHandle
const instances: Instance[] = []
/** Every match API answer of this file, by status: the rate limit is checked against all of them. */
const answered: Record<number, number> = {}

const place = { lat: 21.0362, lng: 105.7906 }
const college = buildCollege({ key: 'two-college', location: place })
const business = buildBusiness({ key: 'two-business', location: place })
const welding = { occupations: ['Hàn'], skills: ['hàn TIG', 'hàn MIG'], location: place }
const { location: _, ...weldingNeed } = welding
const need = buildNeed({ key: 'two-need', org: college, kind: 'internship', quantity: 4, ...weldingNeed })
const firstOffer = buildOffer({ key: 'two-offer', org: business, kind: 'placement', capacity: 2, ...welding, skills: ['hàn MIG'] })

async function write(parts: Partial<Omit<ImportDocumentInput, 'version'>>): Promise<void> {
  const result = await importDocument(buildDocument({ organizations: [college, business], ...parts }))
  expect(result.ok, JSON.stringify(result)).toBe(true)
}

async function startInstance(name: string): Promise<Instance> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/cli/serve.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(folder, name),
      DATABASE_URL: testDatabaseUrl(),
      MEILI_HOST: meili.host,
      MEILI_MASTER_KEY: meili.masterKey,
      DEMO_DATA: 'off',
      OUTBOX_WORKER: 'off',
      API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const instance: Instance = { name, url: `http://127.0.0.1:${port}`, process: child, output: [] }
  const keep = (chunk: Buffer) => instance.output.push(...chunk.toString('utf8').split('\n').filter(Boolean))
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const deadline = Date.now() + 90_000
  for (;;) {
    const ready = await fetch(`${instance.url}/healthz`)
      .then(async (r) => r.ok && ((await r.json()) as { checks?: { search?: { phase?: string } } }).checks?.search?.phase === 'ready')
      .catch(() => false)
    if (ready) return instance
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not become ready:\n${instance.output.slice(-30).join('\n')}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** The keys a match API answer lists (`matches` of a need, `needs` of an offer). */
async function matchKeys(instance: Instance, type: 'need' | 'offer', key: string): Promise<string[]> {
  const response = await fetch(`${instance.url}/api/v1/${type}s/${key}/matches?limit=20`)
  answered[response.status] = (answered[response.status] ?? 0) + 1
  expect(response.status, `${instance.name} ${type} ${key}`).toBe(200)
  const body = (await response.json()) as { matches?: { offer: string }[]; needs?: { need: string }[] }
  return type === 'need' ? body.matches!.map((m) => m.offer) : body.needs!.map((m) => m.need)
}

/** The worker (this process) makes every recorded change searchable. */
const searchable = drainOutbox

beforeAll(async () => {
  meili = await startEmbeddedMeilisearch(path.join(folder, 'meilisearch'))
  await connectSearch(meili.host, meili.masterKey)
  await loadOccupations()
  await write({ needs: [need], offers: [firstOffer] })
  await searchable()
  instances.push(...(await Promise.all([startInstance('a'), startInstance('b')])))
}, 180_000)

afterAll(async () => {
  await Promise.all(instances.map((i) => (i.process.pid ? stopProcess(i.process.pid, 'SIGTERM', 20_000) : undefined)))
  await meili?.stop()
  fs.rmSync(folder, { recursive: true, force: true })
}, 60_000)

describe('two app instances on one database and one Meilisearch', () => {
  it('serve a need\'s matches from their caches until a change lands, then both follow it', async () => {
    const [a, b] = instances as [Instance, Instance]
    // Computed, then cached, on each instance.
    for (const instance of [a, b, a, b]) expect(await matchKeys(instance, 'need', need.key)).toEqual([firstOffer.key])

    // A better offer, written elsewhere: not in the index yet, so not found (and the result
    // is cached again); both instances list it once it is searchable.
    const better = buildOffer({ key: 'two-better', org: business, kind: 'placement', capacity: 4, ...welding })
    await write({ offers: [better] })
    for (const instance of [a, b]) expect(await matchKeys(instance, 'need', need.key)).toEqual([firstOffer.key])
    await searchable()
    for (const instance of [a, b]) expect(await matchKeys(instance, 'need', need.key)).toEqual([better.key, firstOffer.key])

    // Closed a moment ago: out of both at once, while its index update may still wait.
    await write({ offers: [{ ...better, status: 'closed' }] })
    for (const instance of [a, b]) expect(await matchKeys(instance, 'need', need.key)).toEqual([firstOffer.key])
    await searchable()
    for (const instance of [b, a]) expect(await matchKeys(instance, 'need', need.key)).toEqual([firstOffer.key])

    // The need itself changes (another occupation): its own matches follow on both.
    await write({ needs: [{ ...need, occupations: ['Quản trị khách sạn'], skills: ['lễ tân'] }] })
    await searchable()
    for (const instance of [a, b]) expect(await matchKeys(instance, 'need', need.key)).toEqual([])
    await write({ needs: [need] })
    await searchable()
  })

  it('serve an offer\'s matches from their caches until a change lands, then both follow it', async () => {
    const [a, b] = instances as [Instance, Instance]
    for (const instance of [a, b, b, a]) expect(await matchKeys(instance, 'offer', firstOffer.key)).toEqual([need.key])

    const another = buildNeed({ key: 'two-another', org: college, kind: 'internship', quantity: 2, ...weldingNeed, skills: ['hàn MIG'] })
    await write({ needs: [another] })
    for (const instance of [a, b]) expect(await matchKeys(instance, 'offer', firstOffer.key)).toEqual([need.key])
    await searchable()
    for (const instance of [a, b]) expect(new Set(await matchKeys(instance, 'offer', firstOffer.key))).toEqual(new Set([need.key, another.key]))

    await write({ needs: [{ ...another, status: 'closed' }] })
    for (const instance of [b, a]) expect(await matchKeys(instance, 'offer', firstOffer.key)).toEqual([need.key])
  })

  it('share the match API\'s per-address limit: together they allow it, not twice it', async () => {
    const [a, b] = instances as [Instance, Instance]
    // Everything this file asked counts; ask both in turn until both refuse.
    for (let i = 0; i < 2 * RATE_LIMIT && (answered[429] ?? 0) < 4; i++) {
      const instance = i % 2 ? b : a
      const response = await fetch(`${instance.url}/api/v1/needs/${need.key}/matches`)
      await response.arrayBuffer()
      answered[response.status] = (answered[response.status] ?? 0) + 1
      if (response.status === 429) expect(Number(response.headers.get('Retry-After'))).toBeGreaterThan(0)
    }
    const allowed = answered[200] ?? 0
    expect(allowed).toBeLessThanOrEqual(RATE_LIMIT)
    // A lease an instance took but had not used when the other refused is lost: at most a slice each.
    expect(allowed).toBeGreaterThanOrEqual(RATE_LIMIT - 2)
    expect(answered[429]).toBeGreaterThan(0)
  })
})
