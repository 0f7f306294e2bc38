// npm run bench: every benchmark, one after the other, each printing its own figures.
await import('./ingest.ts')
