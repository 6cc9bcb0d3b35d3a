/**
 * Re-record audits/code-hashes.json after a deliberate change to a contract's sources:
 *   npx ts-node --transpile-only audits/tools/record-hashes.ts
 * Commit the file with the source change; tests/common/build.spec.ts fails until you do.
 */
import { writeFileSync } from 'fs';
import { relative } from 'path';
import { buildHashes, HASHES_FILE, ROOT } from './code-hashes';

async function main() {
    process.chdir(ROOT);
    const hashes = await buildHashes();
    writeFileSync(HASHES_FILE, JSON.stringify(hashes, null, 4) + '\n');
    for (const [name, h] of Object.entries(hashes.contracts)) console.log(`${name.padEnd(16)} ${h.codeHash}`);
    console.log(`${hashes.compiler}; wrote ${relative(ROOT, HASHES_FILE)}`);
}

main().catch((e: Error) => {
    console.error(`record-hashes: ${e.message.slice(0, 2000)}`);
    process.exitCode = 1;
});
