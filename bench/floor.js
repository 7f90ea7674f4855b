// The floor the CLI is measured against: read and JSON-parse every template of a cloud assembly
// directory (`node bench/floor.js DIR`), and nothing else.
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
for (const file of fs.readdirSync(dir))
  if (file.endsWith('.template.json')) JSON.parse(fs.readFileSync(path.join(dir, file), 'utf-8'));
