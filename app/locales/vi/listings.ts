// Vietnamese strings for the listings area (merged under the `listings` key).
export const listings = {}
