#!/usr/bin/env node
// Launcher for the `rtcwb` CLI: runs the built bundle (made by `npm install` / `npm run build`).
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const cli = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  console.error('rtcwb: the workbench is not built yet; run `npm run build` in ' + join(__dirname, '..'))
  process.exit(1)
}
void require(cli).main()
