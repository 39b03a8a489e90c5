import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { importDocument, totalCounts, type ImportCounts, type ImportResult } from '~/modules/import/import.server'
import { testDatabaseUrl } from '../support/database'
import {
  buildBusiness,
  buildCollege,
  buildDocument,
  buildExpert,
  buildMarketplace,
  buildNeed,
  buildOffer,
} from '../factories/listings'

// The importer against a real PostgreSQL (this file's own migrated database).

const DEV_EVAL = '/work/shared/dev-eval/listings.json'

async function rowCounts() {
  const [organizations, experts, needs, offers] = await Promise.all([
    prisma.organization.count(),
    prisma.expertProfile.count(),
    prisma.need.count(),
    prisma.offer.count(),
  ])
  return { organizations, experts, needs, offers }
}

function countsOf(result: ImportResult): ImportCounts {
  if (!result.ok) throw new Error(`import failed:\n${result.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`)
  return result.counts
}

const none = { created: 0, updated: 0, unchanged: 0 }

describe('importing a built document', () => {
  const college = buildCollege({ key: 'org-hht', name: 'Hanoi High-Tech College' })
  const business = buildBusiness({ key: 'org-vinfast', verified: false })
  const expert = buildExpert({ key: 'exp-anna' })
  const doc = buildDocument({
    organizations: [college, business],
    experts: [expert],
    needs: [
      buildNeed({ key: 'need-1', org: college, startDate: '2027-03-01', endDate: '2027-05-31' }),
      buildNeed({ key: 'need-2', org: college, kind: 'expert', budget: { amount: 500.5, currency: 'USD', per: 'day' } }),
    ],
    offers: [
      buildOffer({ key: 'offer-place', org: business }),
      buildOffer({ key: 'offer-sponsor', org: business, kind: 'sponsorship', price: { amount: 2_500_000, currency: 'VND', per: 'total' } }),
      buildOffer({ key: 'offer-anna', expert, price: { amount: 450, currency: 'USD', per: 'hour' } }),
    ],
  })

  it('creates every record, in minor units and UTC dates', async () => {
    const progress: [number, number][] = []
    const counts = countsOf(await importDocument(doc, { onProgress: (done, total) => progress.push([done, total]) }))
    expect(counts).toEqual({
      organizations: { ...none, created: 2 },
      experts: { ...none, created: 1 },
      needs: { ...none, created: 2 },
      offers: { ...none, created: 3 },
    })
    expect(progress.at(-1)).toEqual([8, 8])

    const hht = await prisma.organization.findUniqueOrThrow({ where: { key: 'org-hht' } })
    expect(hht).toMatchObject({ kind: 'college', name: 'Hanoi High-Tech College', verification: 'verified' })
    expect(hht.verifiedAt).toBeInstanceOf(Date)
    // Timestamps in UTC, as Prisma writes them.
    expect(Math.abs(hht.createdAt.getTime() - Date.now())).toBeLessThan(60_000)
    expect(hht.updatedAt).toEqual(hht.createdAt)
    expect(await prisma.organization.findUniqueOrThrow({ where: { key: 'org-vinfast' } })).toMatchObject({
      verification: 'unverified',
      verifiedAt: null,
    })

    const need1 = await prisma.need.findUniqueOrThrow({ where: { key: 'need-1' } })
    expect(need1).toMatchObject({ orgId: hht.id, kind: 'internship', budgetAmount: null, onSite: true, status: 'open' })
    expect(need1.startDate.toISOString()).toBe('2027-03-01T00:00:00.000Z')
    expect(need1.endDate.toISOString()).toBe('2027-05-31T00:00:00.000Z')
    expect(await prisma.need.findUniqueOrThrow({ where: { key: 'need-2' } })).toMatchObject({
      budgetAmount: 50050n,
      budgetCurrency: 'USD',
      budgetPer: 'day',
      languages: ['en'],
    })

    const anna = await prisma.expertProfile.findUniqueOrThrow({ where: { key: 'exp-anna' } })
    expect(await prisma.offer.findUniqueOrThrow({ where: { key: 'offer-anna' } })).toMatchObject({
      expertId: anna.id,
      orgId: null,
      kind: 'expert_service',
      priceAmount: 45000n, // USD 450 → 45000 cents
      priceCurrency: 'USD',
      pricePer: 'hour',
    })
    expect(await prisma.offer.findUniqueOrThrow({ where: { key: 'offer-sponsor' } })).toMatchObject({
      priceAmount: 2_500_000n, // VND has no minor unit
      priceCurrency: 'VND',
      capacity: null,
    })
  })

  it('changes nothing the second time', async () => {
    const before = await rowCounts()
    const stamps = await prisma.need.findMany({ select: { key: true, updatedAt: true }, orderBy: { key: 'asc' } })
    const counts = countsOf(await importDocument(doc))
    expect(counts).toEqual({
      organizations: { ...none, unchanged: 2 },
      experts: { ...none, unchanged: 1 },
      needs: { ...none, unchanged: 2 },
      offers: { ...none, unchanged: 3 },
    })
    expect(await rowCounts()).toEqual(before)
    expect(await prisma.need.findMany({ select: { key: true, updatedAt: true }, orderBy: { key: 'asc' } })).toEqual(stamps)
  })

  it('counts an update to one record as updated, and only that one', async () => {
    const changed = structuredClone(doc)
    changed.needs![1]!.title = 'Chuyên gia cơ điện tử (cập nhật)'
    changed.offers![0]!.location = null
    const before = await prisma.need.findUniqueOrThrow({ where: { key: 'need-2' } })
    const counts = countsOf(await importDocument(changed))
    expect(counts.needs).toEqual({ created: 0, updated: 1, unchanged: 1 })
    expect(counts.offers).toEqual({ created: 0, updated: 1, unchanged: 2 })
    expect(counts.organizations).toEqual({ ...none, unchanged: 2 })
    const after = await prisma.need.findUniqueOrThrow({ where: { key: 'need-2' } })
    expect(after.title).toBe('Chuyên gia cơ điện tử (cập nhật)')
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime())
    expect(await prisma.offer.findUniqueOrThrow({ where: { key: 'offer-place' } })).toMatchObject({ lat: null, lng: null })
    expect(countsOf(await importDocument(changed)).needs).toEqual({ ...none, unchanged: 2 })
  })

  it('keeps the admin who verified a record the file confirms as verified', async () => {
    await prisma.organization.update({ where: { key: 'org-hht' }, data: { verifiedById: 'admin-1' } })
    const counts = countsOf(await importDocument(doc))
    expect(counts.organizations).toEqual({ ...none, unchanged: 2 })
    expect((await prisma.organization.findUniqueOrThrow({ where: { key: 'org-hht' } })).verifiedById).toBe('admin-1')
  })

  it('takes verification from the file, keeping verifiedAt and admin workflow states', async () => {
    const hhtBefore = await prisma.organization.findUniqueOrThrow({ where: { key: 'org-hht' } })
    await prisma.organization.update({ where: { key: 'org-vinfast' }, data: { verification: 'pending' } })
    const flipped = structuredClone(doc)
    flipped.organizations![0]!.verified = false // verified → unverified
    flipped.experts![0]!.verified = true // already verified → unchanged
    const counts = countsOf(await importDocument(flipped))
    expect(counts.organizations).toEqual({ created: 0, updated: 1, unchanged: 1 }) // vinfast stays pending
    expect(counts.experts).toEqual({ ...none, unchanged: 1 })
    expect(await prisma.organization.findUniqueOrThrow({ where: { key: 'org-hht' } })).toMatchObject({
      verification: 'unverified',
      verifiedAt: null,
      verifiedById: null,
    })
    expect((await prisma.organization.findUniqueOrThrow({ where: { key: 'org-vinfast' } })).verification).toBe('pending')

    countsOf(await importDocument(doc)) // verified again
    const hhtAfter = await prisma.organization.findUniqueOrThrow({ where: { key: 'org-hht' } })
    expect(hhtAfter.verification).toBe('verified')
    expect(hhtAfter.verifiedAt!.getTime()).toBeGreaterThanOrEqual(hhtBefore.verifiedAt!.getTime())
    const again = countsOf(await importDocument(doc))
    expect(again.organizations).toEqual({ ...none, unchanged: 2 })
    expect((await prisma.organization.findUniqueOrThrow({ where: { key: 'org-hht' } })).verifiedAt).toEqual(hhtAfter.verifiedAt)
  })

  it('resolves references to records already in the database', async () => {
    const later = buildDocument({
      needs: [buildNeed({ key: 'need-later', org: 'org-hht' })],
      offers: [buildOffer({ key: 'offer-later', expert: 'exp-anna' })],
    })
    const counts = countsOf(await importDocument(later))
    expect(counts.needs.created).toBe(1)
    expect(counts.offers.created).toBe(1)
  })

  it("refuses to change an organisation's kind, writing nothing", async () => {
    const before = await rowCounts()
    const result = await importDocument(
      buildDocument({
        organizations: [buildBusiness({ key: 'org-hht' })],
        needs: [buildNeed({ org: buildCollege({ key: 'org-new' }) })],
      }),
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((e) => e.path)).toEqual(['$.organizations[0].kind', '$.needs[0].org'])
    expect(await rowCounts()).toEqual(before)
  })
})

describe('version 2: training orders', () => {
  const college = buildCollege({ key: 'org-v2-college' })
  const business = buildBusiness({ key: 'org-v2-factory' })
  const order = buildOffer({
    key: 'offer-v2-order', org: business, kind: 'training_order', occupations: ['Điện tử công nghiệp'], skills: ['SMT', 'hàn linh kiện'],
    capacity: 15, standard: 'IPC-A-610 class 2 soldering', certificate: 'National skills certificate, level 2',
    startDate: '2027-01-01', endDate: '2027-08-31',
  })
  const v2 = buildDocument({
    version: 2,
    organizations: [college, business],
    needs: [buildNeed({ key: 'need-v2-cohort', org: college, occupations: ['Điện tử công nghiệp'], quantity: 12 })],
    offers: [order, buildOffer({ key: 'offer-v2-place', org: business })],
  })

  it('imports a training order: graduates as capacity, the standard and certificate in its details, no price', async () => {
    const counts = countsOf(await importDocument(v2))
    expect(counts.offers).toEqual({ ...none, created: 2 })
    const row = await prisma.offer.findUniqueOrThrow({ where: { key: 'offer-v2-order' }, include: { org: true } })
    expect(row).toMatchObject({
      kind: 'training_order', capacity: 15, occupations: ['Điện tử công nghiệp'], skills: ['SMT', 'hàn linh kiện'],
      endDate: new Date('2027-08-31T00:00:00Z'), priceAmount: null, status: 'open',
      details: { standard: 'IPC-A-610 class 2 soldering', certificate: 'National skills certificate, level 2' },
    })
    expect(row.org?.key).toBe('org-v2-factory')
    expect((await prisma.offer.findUniqueOrThrow({ where: { key: 'offer-v2-place' } })).details).toEqual({})
    // Twice: nothing changes.
    expect(countsOf(await importDocument(v2)).offers).toEqual({ ...none, unchanged: 2 })
  })

  it('owns only the standard and certificate inside the details: a changed standard updates them, other keys stay', async () => {
    await prisma.offer.update({ where: { key: 'offer-v2-order' }, data: { details: { standard: 'old', certificate: 'old', recruiterContact: 'Chị Hoa' } } })
    const changed = structuredClone(v2)
    const offer = changed.offers![0]! as typeof order
    offer.standard = 'IPC-A-610 class 3 soldering'
    offer.certificate = null
    expect(countsOf(await importDocument(changed)).offers).toEqual({ ...none, updated: 1, unchanged: 1 })
    expect((await prisma.offer.findUniqueOrThrow({ where: { key: 'offer-v2-order' } })).details).toEqual({
      standard: 'IPC-A-610 class 3 soldering',
      recruiterContact: 'Chị Hoa',
    })
    expect(countsOf(await importDocument(changed)).offers).toEqual({ ...none, unchanged: 2 })
  })

  it('still imports a version 1 file, and refuses a training order in one, writing nothing', async () => {
    const v1 = buildDocument({
      organizations: [buildCollege({ key: 'org-v1-college' }), buildBusiness({ key: 'org-v1-business' })],
      offers: [buildOffer({ key: 'offer-v1-place', org: 'org-v1-business', capacity: 4 })],
    })
    expect(countsOf(await importDocument(v1)).offers).toEqual({ ...none, created: 1 })
    expect(await prisma.offer.findUniqueOrThrow({ where: { key: 'offer-v1-place' } })).toMatchObject({ kind: 'placement', capacity: 4 })

    const before = await rowCounts()
    const refused = await importDocument({ ...v1, offers: [...v1.offers!, { ...order, key: 'offer-v1-order', org: 'org-v1-business' }] })
    expect(refused).toMatchObject({ ok: false, errors: [{ path: '$.offers[1].kind', message: expect.stringMatching(/"version": 2/) }] })
    expect(await rowCounts()).toEqual(before)
  })
})

describe('a need’s funding goal (version 2)', () => {
  it('is written in minor units, kept by a file that leaves it out (version 1 too), and cleared by null', async () => {
    const college = buildCollege({ key: 'org-goal-college' })
    const need = buildNeed({ key: 'need-goal', org: college, kind: 'equipment' })
    const v2 = { ...buildDocument({ organizations: [college], needs: [{ ...need, fundingGoal: { amount: 1_500.5, currency: 'USD' } } as typeof need] }), version: 2 }
    expect(countsOf(await importDocument(v2)).needs).toEqual({ ...none, created: 1 })
    const goal = async () => prisma.need.findUniqueOrThrow({ where: { key: 'need-goal' }, select: { fundingGoal: true, fundingCurrency: true } })
    expect(await goal()).toEqual({ fundingGoal: 150_050n, fundingCurrency: 'USD' })
    // Without the field (a version 1 file ignores it altogether): unchanged.
    expect(countsOf(await importDocument({ ...v2, needs: [need] })).needs).toEqual({ ...none, unchanged: 1 })
    const v1 = await importDocument({ ...v2, version: 1, needs: [{ ...need, fundingGoal: { amount: 9, currency: 'USD' } } as typeof need] })
    expect(countsOf(v1).needs).toEqual({ ...none, unchanged: 1 })
    expect(await goal()).toEqual({ fundingGoal: 150_050n, fundingCurrency: 'USD' })
    // An explicit null: no goal any more. A goal in VND must be whole đồng.
    expect(countsOf(await importDocument({ ...v2, needs: [{ ...need, fundingGoal: null } as typeof need] })).needs).toEqual({ ...none, updated: 1 })
    expect(await goal()).toEqual({ fundingGoal: null, fundingCurrency: null })
    const refused = await importDocument({ ...v2, needs: [{ ...need, fundingGoal: { amount: 10.5, currency: 'VND' } } as typeof need] })
    expect(refused).toMatchObject({ ok: false, errors: [{ path: '$.needs[0].fundingGoal.amount', message: 'VND amounts must be whole numbers' }] })
  })
})

describe('an expert need’s days (versions 1 and 2)', () => {
  it('are written, kept by a file that leaves them out, cleared by null, and refused on other kinds', async () => {
    const college = buildCollege({ key: 'org-days-college' })
    const need = buildNeed({ key: 'need-days', org: college, kind: 'expert' })
    const days = async () => (await prisma.need.findUniqueOrThrow({ where: { key: 'need-days' }, select: { days: true } })).days
    const v1 = buildDocument({ organizations: [college], needs: [{ ...need, days: 12 }] })
    expect(v1.version).toBe(1)
    expect(countsOf(await importDocument(v1)).needs).toEqual({ ...none, created: 1 })
    expect(await days()).toBe(12)
    expect(countsOf(await importDocument({ ...v1, version: 2, needs: [need] })).needs).toEqual({ ...none, unchanged: 1 })
    expect(await days()).toBe(12)
    expect(countsOf(await importDocument({ ...v1, needs: [{ ...need, days: null }] })).needs).toEqual({ ...none, updated: 1 })
    expect(await days()).toBeNull()
    const refused = await importDocument({ ...v1, needs: [{ ...need, kind: 'internship', days: 5 }] })
    expect(refused).toMatchObject({ ok: false, errors: [{ path: '$.needs[0].days', message: expect.stringMatching(/only expert needs/) }] })
  })
})

describe('a broken document', () => {
  it('writes nothing and reports every error with its path', async () => {
    const before = await rowCounts()
    const college = buildCollege()
    const business = buildBusiness()
    const doc = buildDocument({
      organizations: [college, business, buildCollege()],
      needs: [
        buildNeed({ org: college }),
        buildNeed({ org: college, kind: 'expert', budget: { amount: 500, currency: 'JPY' as 'USD', per: 'day' } }),
      ],
      offers: [buildOffer({ org: business }), buildOffer({ org: 'org-nowhere', kind: 'equipment' })],
    })
    const result = await importDocument(doc)
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { path: '$.needs[1].budget.currency', message: expect.any(String) },
        { path: '$.offers[1].org', message: expect.stringMatching(/unknown organisation "org-nowhere"/) },
      ],
    })
    expect(await rowCounts()).toEqual(before)
  })
})

describe('larger files', () => {
  it('imports thousands of records, then finds them all unchanged', { timeout: 180_000 }, async () => {
    const doc = buildMarketplace({ colleges: 150, businesses: 350, experts: 200, needsPerCollege: 6, offersPerBusiness: 6, prefix: 'big-' })
    const total = 150 + 350 + 200 + 150 * 6 + 350 * 6 + 200
    let started = performance.now()
    const first = countsOf(await importDocument(doc))
    const firstMs = performance.now() - started
    expect(totalCounts(first)).toEqual({ created: total, updated: 0, unchanged: 0 })
    started = performance.now()
    const second = countsOf(await importDocument(doc))
    const secondMs = performance.now() - started
    expect(totalCounts(second)).toEqual({ created: 0, updated: 0, unchanged: total })
    console.info(`import of ${total} records: first ${firstMs.toFixed(0)} ms, second ${secondMs.toFixed(0)} ms`)

    // Update a tenth of the needs.
    const changed = structuredClone(doc)
    changed.needs!.forEach((need, i) => {
      if (i % 10 === 0) need.quantity = (need.quantity ?? 1) + 1
    })
    started = performance.now()
    const third = countsOf(await importDocument(changed))
    console.info(`update of ${third.needs.updated} needs: ${(performance.now() - started).toFixed(0)} ms`)
    expect(third.needs).toEqual({ created: 0, updated: 90, unchanged: 810 })
  })

  it.skipIf(!fs.existsSync(DEV_EVAL))('imports the dev-eval listings twice with the same totals', { timeout: 120_000 }, async () => {
    const listings = JSON.parse(fs.readFileSync(DEV_EVAL, 'utf8')) as Record<string, unknown[]>
    const records = ['organizations', 'experts', 'needs', 'offers'].reduce((n, c) => n + (listings[c]?.length ?? 0), 0)
    let started = performance.now()
    const first = countsOf(await importDocument(listings))
    const firstMs = performance.now() - started
    started = performance.now()
    const second = countsOf(await importDocument(listings))
    const secondMs = performance.now() - started
    console.info(`dev-eval (${records} records): first ${firstMs.toFixed(0)} ms, second ${secondMs.toFixed(0)} ms`)
    expect(totalCounts(first)).toEqual({ created: records, updated: 0, unchanged: 0 })
    expect(totalCounts(second)).toEqual({ created: 0, updated: 0, unchanged: records })
    for (const name of ['organizations', 'experts', 'needs', 'offers'] as const) {
      expect(first[name].created).toBe(second[name].unchanged)
    }
    // A USD price lands in cents, a VND one as is.
    const usd = (listings.offers as { key: string; price: { amount: number; currency: string } | null }[]).find(
      (o) => o.price?.currency === 'USD',
    )
    if (usd) {
      const stored = await prisma.offer.findUniqueOrThrow({ where: { key: usd.key } })
      expect(stored.priceAmount).toBe(BigInt(Math.round(usd.price!.amount * 100)))
    }
  })
  if (!fs.existsSync(DEV_EVAL)) console.warn(`skipped the dev-eval import: ${DEV_EVAL} is absent`)
})

describe('npm run import', () => {
  it('exits non-zero with JSON paths for a broken file, and locates invalid JSON', { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-import-'))
    const broken = path.join(dir, 'broken.json')
    const college = buildCollege()
    fs.writeFileSync(
      broken,
      JSON.stringify(
        buildDocument({
          organizations: [college],
          needs: [buildNeed({ org: college, startDate: '2027-02-30' }), buildNeed({ org: 'org-ghost' })],
        }),
        null,
        2,
      ),
    )
    const invalid = path.join(dir, 'invalid.json')
    fs.writeFileSync(invalid, '{\n  "version": 1,\n  "organizations": [\n    { "key": "a", }\n  ]\n}\n')
    const before = await rowCounts()

    const run = async (file: string) => {
      try {
        const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'app/cli/import.ts', file], {
          cwd: path.resolve(import.meta.dirname, '../..'),
          env: { ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'warn' },
        })
        return { code: 0, stdout, stderr }
      } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string }
        return { code: e.code, stdout: e.stdout, stderr: e.stderr }
      }
    }

    const [bad, notJson] = await Promise.all([run(broken), run(invalid)])
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain('$.needs[0].startDate: is not a real calendar date')
    expect(bad.stdout).toContain('$.needs[1].org: unknown organisation "org-ghost"')
    expect(bad.stdout).toMatch(/2 error\(s\) .* nothing was imported/)
    expect(await rowCounts()).toEqual(before)

    expect(notJson.code).toBe(1)
    expect(notJson.stderr).toContain('invalid JSON: expected a "quoted" property name at line 4, column 19')
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
