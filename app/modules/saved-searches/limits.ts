// Limits of saved searches that forms show in the browser too (their schema: schemas.ts).

export const SAVED_NAME_MAX = 100
/** A search page query string longer than this is not a search anyone typed. */
export const SAVED_QUERY_MAX = 2000
