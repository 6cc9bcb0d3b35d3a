/**
 * reconcile: compares the operator's ledger file (cumulative entitlements, the same format as
 * submitPayouts reads) with what the chain did, through the toolkit's ChainSource: the sandbox source
 * in tests, the TonClient source on testnet/mainnet (blueprint's toncenter client). Prints every
 * difference with its cause and fails (exit code 1) when there is any.
 */
import { TonClient } from '@ton/ton';
import { Blockchain } from '@ton/sandbox';
import { ChainSource, reconcile as reconcileLedger, SandboxChainSource, TonClientChainSource } from '../reconcile';
import { poolGetterReader, poolPayoutCodec } from '../reconcile/pool-adapter';
import { formatTable } from '../chain/table';
import { formatTon, ScriptArgs } from './args';
import { readEntitlementsFile } from './entitlements';
import { OpsError } from './errors';
import { DeployedPool, loadPool } from './pool';
import { OpsProvider } from './provider';

async function chainSource(p: OpsProvider, d: DeployedPool): Promise<ChainSource> {
    const api = p.api();
    const options = { pool: d.deployment.pool.address, reader: poolGetterReader(d.pool), codec: poolPayoutCodec };
    if (api instanceof Blockchain) {
        const source = new SandboxChainSource({ ...options, blockchain: api });
        await source.sync();
        return source;
    }
    if (api instanceof TonClient) return new TonClientChainSource({ ...options, client: api });
    throw new OpsError('reconcile reads the pool history through toncenter (blueprint\'s client for --testnet / --mainnet); this network uses another API');
}

export async function reconcile(p: OpsProvider, args: ScriptArgs): Promise<void> {
    const d = await loadPool(p, args);
    const file = await args.string(p, 'ledger', "The operator's ledger of cumulative entitlements (.csv or .json)");
    args.finish();
    const intended = new Map(readEntitlementsFile(file).map((r) => [r.workerIndex, r.cumulative]));
    const report = await reconcileLedger({ intended, source: await chainSource(p, d), minPayout: d.poolParams.minPayout });
    const ui = p.ui();
    const t = report.totals;
    ui.write(
        formatTable(
            ['', 'nanoton'],
            [
                ['intended (ledger file)', t.intended],
                ['received by workers', t.received],
                ['outstanding', t.outstanding],
                ['pool: paid', t.chainPaid],
                ['pool: returned by bounces', t.chainReturned],
                ['pool: worker money held', t.workerMoneyHeld],
            ],
        ),
    );
    if (report.differences.length === 0) {
        ui.write(`reconciled: ${report.workers.length} worker(s), ${formatTon(t.received)} received, no differences`);
        return;
    }
    ui.write(
        formatTable(
            ['worker', 'cause', 'nanoton', 'critical', 'detail'],
            report.differences.map((x) => [x.workerIndex === undefined ? 'total' : String(x.workerIndex), x.cause, x.amount, x.critical ? 'yes' : 'no', x.detail]),
        ),
    );
    const critical = report.differences.filter((x) => x.critical).length;
    throw new OpsError(`${report.differences.length} difference(s) between ${file} and the chain (${critical} critical, ${report.unexplainedNanoton} nanoton unexplained)`);
}
