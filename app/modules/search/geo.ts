// Places in search: each document carries its point as plain numbers (`geo.lat`, `geo.lng`,
// filterable), not Meilisearch's `_geo`. Meilisearch 1.21 keeps `_geo` in one serialized
// R-tree that it reads and writes back whole on every document write (0.7 s per write at
// 80k located listings), so "near" is a bounding-box filter here and exact distances are
// computed in the app. See docs/decisions/008-places-without-geo-index.md.

export type GeoPoint = { lat: number; lng: number }

const EARTH_RADIUS_KM = 6371
const KM_PER_DEGREE_LAT = 110.574

export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Six decimals (~0.1 m), rounded outwards so a point on the edge stays inside. */
const down = (value: number) => (Math.floor(value * 1e6) / 1e6).toFixed(6)
const up = (value: number) => (Math.ceil(value * 1e6) / 1e6).toFixed(6)

/**
 * The filter for documents within the square of half-side `km` around `point` (every point
 * within `km` is inside; corners reach `km`·√2). Documents without a place are outside.
 */
export function withinBox(point: GeoPoint, km: number): string {
  const dLat = km / KM_PER_DEGREE_LAT
  const dLng = km / (KM_PER_DEGREE_LAT * Math.max(0.01, Math.cos((point.lat * Math.PI) / 180)))
  return [
    `geo.lat >= ${down(point.lat - dLat)}`,
    `geo.lat <= ${up(point.lat + dLat)}`,
    `geo.lng >= ${down(point.lng - dLng)}`,
    `geo.lng <= ${up(point.lng + dLng)}`,
  ].join(' AND ')
}

/** Everything outside the square, listings without a place included. */
export function outsideBox(point: GeoPoint, km: number): string {
  return `NOT (${withinBox(point, km)})`
}

/**
 * Disjoint rings around `point` (squares of the given half-sides, nearest first) and the
 * rest: filters whose results, read in order, come nearest first ring by ring.
 */
export function distanceRings(point: GeoPoint, radiiKm: readonly number[]): string[] {
  return [
    ...radiiKm.map((km, i) => (i === 0 ? withinBox(point, km) : `(${withinBox(point, km)}) AND ${outsideBox(point, radiiKm[i - 1]!)}`)),
    outsideBox(point, radiiKm[radiiKm.length - 1]!),
  ]
}
