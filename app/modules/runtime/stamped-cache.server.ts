import { LRUCache } from 'lru-cache'

// A per-process cache of results derived from the search index, each kept with the stamp of
// what it was computed from (the search generation, a listing's version, the taxonomy and the
// rates in use...). A value is returned only while the caller's current stamp is the same,
// part for part, so nothing is ever invalidated by hand: a change moves a stamp part
// (outbox/search-index.server.ts: the search generation), and the next read computes again.

export type Stamp = readonly unknown[]

const sameStamp = (a: Stamp, b: Stamp) => a.length === b.length && a.every((part, i) => Object.is(part, b[i]))

export class StampedCache<V extends object> {
  private readonly entries: LRUCache<string, { stamp: Stamp; value: V }>

  constructor(max: number) {
    this.entries = new LRUCache({ max })
  }

  /** The value stored under `key` with this very stamp, if any. */
  get(key: string, stamp: Stamp): V | undefined {
    const entry = this.entries.get(key)
    return entry && sameStamp(entry.stamp, stamp) ? entry.value : undefined
  }

  /** Stores `value` computed from `stamp` — read before computing, so a change meanwhile makes it stale at once. */
  set(key: string, stamp: Stamp, value: V): void {
    this.entries.set(key, { stamp, value })
  }

  clear(): void {
    this.entries.clear()
  }
}
