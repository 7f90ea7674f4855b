// Preloaded into a benchmarked process (`node -r ./bench/max-rss.js ...`): at exit, appends the
// process's peak resident memory in KB to the file named by BENCH_RSS_FILE.
'use strict';
const fs = require('fs');

process.on('exit', () => {
  const file = process.env.BENCH_RSS_FILE;
  if (file) fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
});
