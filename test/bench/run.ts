// npm run bench: every benchmark, one after the other, each printing its own figures.
export {}
await import('./ingest.ts')
await import('./scoring.ts')
await import('./web.ts')
await import('./search.ts')
await import('./reshare.ts')
await import('./article-add.ts')
await import('./listing.ts')
