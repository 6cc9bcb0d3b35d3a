// jest loads reporters without its TypeScript transform: this shim compiles run-record.ts on load.
require('ts-node').register({ transpileOnly: true });
module.exports = require('./run-record').default;
