// English files are typed as the shape of their Vietnamese twin: a missing or extra key
// is a compile error.
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> }
