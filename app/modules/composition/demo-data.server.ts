import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { hashPassword } from '~/modules/accounts/password.server'
import { prisma } from '~/modules/db/db.server'
import { importDocument } from '~/modules/import/import.server'
import { seedDefaultRates } from '~/modules/money/exchange-rates.server'
import { log } from '~/modules/runtime/logger.server'
import { seedsDir } from '~/modules/runtime/paths.server'

// First start: the occupation taxonomy (reference data, always) and the demo dataset plus
// its demo logins (unless DEMO_DATA=off). Both load only into an empty database.


// A skill is one name, or a group of equivalent names (Vietnamese, English, abbreviations):
// the database keeps every name in `skills` (suggestions) and the groups in `skillGroups` (matching).
const OccupationsSchema = z.array(
  z
    .object({
      key: z.string().regex(/^[a-z0-9-]{1,64}$/),
      nameVi: z.string().min(1),
      nameEn: z.string().min(1),
      family: z.string().regex(/^[a-z0-9-]{1,64}$/).nullish(),
      related: z.array(z.string().regex(/^[a-z0-9-]{1,64}$/)).default([]),
      synonyms: z.array(z.string()).default([]),
      skills: z.array(z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])).default([]),
    })
    .transform(({ skills, family, ...occupation }) => ({
      ...occupation,
      family: family ?? null,
      skills: [...new Set(skills.flat())],
      skillGroups: skills.filter((skill): skill is string[] => Array.isArray(skill) && skill.length > 1),
    })),
)

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

export async function loadOccupations() {
  const occupations = OccupationsSchema.parse(readSeed('occupations.json'))
  await prisma.occupation.createMany({ data: occupations, skipDuplicates: true })
  return occupations.length
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
  if ((await prisma.occupation.count()) === 0) {
    log.info('occupation taxonomy loaded', { occupations: await loadOccupations() })
  }
  if (!demo) return
  const empty = (await prisma.organization.count()) === 0 && (await prisma.user.count()) === 0
  if (!empty) return
  const result = await importDocument(readSeed('demo.json'))
  if (!result.ok) {
    throw new Error(`seeds/demo.json is invalid:\n${result.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`)
  }
  log.info('demo data loaded', { counts: result.counts, accounts: await loadDemoAccounts() })
}
