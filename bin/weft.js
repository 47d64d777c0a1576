#!/usr/bin/env node
// The CLI is bundled by electron-vite into out/main/cli.js; run `npm run build` first.
require('../out/main/cli.js');
