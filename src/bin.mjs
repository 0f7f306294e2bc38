#!/usr/bin/env node
// Lets `npx vigie` run the TypeScript sources directly, as `npm start` does.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('./cli.ts')
process.exitCode = await runCli(process.argv)
