import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import * as engineModule from '@prisma/schema-engine-wasm/schema_engine_bg'
import type { DiffTarget, SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg'
import pg from 'pg'
import { log } from '~/modules/runtime/logger.server'

// Prisma's schema engine compiled to WebAssembly: the only Prisma migration engine that
// runs on a machine that cannot download the native one (docs/decisions/003-migrations.md).
// We use it for one thing it does reliably: the SQL diff between two Prisma schemas.

let ready: Promise<typeof engineModule> | undefined

/**
 * The package's entry imports the .wasm file as an ES module, which Node only allows with
 * --experimental-wasm-modules. So we do by hand what that entry does: instantiate the
 * .wasm with the JS glue module as its imports and hand the instance back to the glue.
 */
function loadEngine(): Promise<typeof engineModule> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url)
    const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
    const bytes = await fs.readFile(path.join(path.dirname(glue), 'schema_engine_bg.wasm'))
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': engineModule })
    engineModule.__wbg_set_wasm(instance.exports)
    ;(instance.exports.__wbindgen_start as () => void)()
    return engineModule
  })().catch((error) => {
    ready = undefined
    throw error
  })
  return ready
}

function datamodel(schemaText: string): DiffTarget {
  return { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schemaText }] }
}

/**
 * SQL that takes a database from `fromSchemaText` (null: an empty database) to
 * `toSchemaText`; '' when they are equivalent. The engine reads no tables for this, but it
 * does connect, so `connectionString` must reach a running PostgreSQL (any database).
 */
export async function diffSchemas(
  fromSchemaText: string | null,
  toSchemaText: string,
  connectionString: string,
): Promise<string> {
  const { SchemaEngine } = await loadEngine()
  // Our own pool, so the connections are closed here whatever the engine does with them.
  const pool = new pg.Pool({ connectionString, max: 2 })
  let engine: SchemaEngine | undefined
  try {
    const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool))
    const onLog = (message: string) => log.debug('schema engine', { message })
    engine = await SchemaEngine.new({ datamodels: [['schema.prisma', toSchemaText]] }, onLog, adapter)
    const result = await engine.diff({
      from: fromSchemaText === null ? { tag: 'empty' } : datamodel(fromSchemaText),
      to: datamodel(toSchemaText),
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    })
    const sql = result.stdout ?? ''
    // An empty diff comes back as a comment only ("-- This is an empty migration.").
    return sql.split('\n').some((line) => line.trim() && !line.trim().startsWith('--')) ? sql : ''
  } finally {
    engine?.free()
    await pool.end()
  }
}
