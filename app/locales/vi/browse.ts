// Vietnamese strings for the browse area (merged under the `browse` key).
export const browse = {}
