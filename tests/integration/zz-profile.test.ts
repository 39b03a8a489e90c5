import { it } from 'vitest'
import { importDocumentSchema, importErrorMap } from '~/modules/import/format'
import { importDocument, staticLookup, validateImportDocument } from '~/modules/import/import.server'
import { prisma } from '~/modules/db/db.server'
import { buildMarketplace } from '../factories/listings'
it('profile', { timeout: 120000 }, async () => {
  const doc = buildMarketplace({ colleges: 150, businesses: 350, experts: 200, needsPerCollege: 6, offersPerBusiness: 6, prefix: 'big-' })
  let t = performance.now()
  importDocumentSchema.safeParse(doc, { error: importErrorMap })
  console.log('zod parse', performance.now() - t); t = performance.now()
  await validateImportDocument(doc, { lookup: staticLookup() })
  console.log('validate static', performance.now() - t); t = performance.now()
  await validateImportDocument(doc)
  console.log('validate db', performance.now() - t); t = performance.now()
  await importDocument(doc, { onProgress: (d, tot) => { if (d === tot || d % 500 < 10) console.log('progress', d, tot, (performance.now() - t).toFixed(0)) } })
  console.log('import', performance.now() - t); t = performance.now()
  await importDocument(doc)
  console.log('import2', performance.now() - t); t = performance.now()
  const keys = doc.needs!.map(n => n.key)
  await prisma.need.findMany({ where: { key: { in: keys } } })
  console.log('findMany needs', performance.now() - t); t = performance.now()
})
