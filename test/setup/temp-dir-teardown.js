/** Removes the run's temporary folder (see temp-dir.js). */
module.exports = require('./temp-dir').teardown;
