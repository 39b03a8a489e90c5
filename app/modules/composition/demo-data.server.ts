import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { hashPassword } from '~/modules/accounts/password.server'
import { prisma } from '~/modules/db/db.server'
import { importDocument } from '~/modules/import/import.server'
import { seedDefaultRates } from '~/modules/money/exchange-rates.server'
import { log } from '~/modules/runtime/logger.server'
import { seedsDir } from '~/modules/runtime/paths.server'
import { applyTaxonomyEdition, loadSeedOccupations } from '~/modules/taxonomy/transfer.server'

// Every start: the occupation taxonomy's new edition, if any (reference data, always). First
// start: the demo dataset plus its demo logins (unless DEMO_DATA=off), into an empty database.


const DemoAccountsSchema = z.object({
  password: z.string().min(10),
  accounts: z.array(
    z.object({
      email: z.email(),
      name: z.string().min(1),
      platformRole: z.enum(['member', 'admin', 'city_viewer']).default('member'),
      org: z.string().optional(),
      role: z.enum(['owner', 'member']).default('member'),
      expert: z.string().optional(),
    }),
  ),
})

function readSeed(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(seedsDir, file), 'utf8'))
}

/** The seed taxonomy into the table (missing occupations only); the number of occupations it holds. */
export async function loadOccupations() {
  return loadSeedOccupations()
}

export async function loadDemoAccounts() {
  const { password, accounts } = DemoAccountsSchema.parse(readSeed('demo-accounts.json'))
  const passwordHash = await hashPassword(password)
  for (const account of accounts) {
    const user = await prisma.user.upsert({
      where: { email: account.email },
      create: { email: account.email, name: account.name, passwordHash, platformRole: account.platformRole, emailVerifiedAt: new Date() },
      update: {},
    })
    if (account.org) {
      const org = await prisma.organization.findUniqueOrThrow({ where: { key: account.org } })
      await prisma.membership.upsert({
        where: { userId_orgId: { userId: user.id, orgId: org.id } },
        create: { userId: user.id, orgId: org.id, role: account.role },
        update: {},
      })
    }
    if (account.expert) {
      await prisma.expertProfile.update({ where: { key: account.expert }, data: { userId: user.id } })
    }
  }
  return accounts.length
}

export async function loadReferenceAndDemoData({ demo }: { demo: boolean }) {
  await seedDefaultRates()
  // Each edition of seeds/occupations.json once: all of it into an empty table, and into an
  // installation that has a taxonomy, only the occupations new to it (transfer.server.ts).
  const { edition, added } = await applyTaxonomyEdition()
  if (added.length) log.info('occupation taxonomy loaded', { edition, added: added.length })
  if (!demo) return
  const empty = (await prisma.organization.count()) === 0 && (await prisma.user.count()) === 0
  if (!empty) return
  const result = await importDocument(readSeed('demo.json'))
  if (!result.ok) {
    throw new Error(`seeds/demo.json is invalid:\n${result.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`)
  }
  log.info('demo data loaded', { counts: result.counts, accounts: await loadDemoAccounts() })
}
