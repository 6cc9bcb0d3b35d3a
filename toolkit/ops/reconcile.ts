/**
 * reconcile: compares the operator's ledger file (cumulative entitlements, the same format as
 * submitPayouts reads) with what the chain did, through the toolkit's ChainSource: the provider's when
 * it has one (the sandbox's in tests), the TonClient source on testnet/mainnet (blueprint's toncenter
 * client), and with the submission journal (journal.ts) so that "submitted but not applied" is told
 * from "not sent yet".
 * Prints every difference with its cause and fails (exit code 1) when there is any.
 */
import { Cell } from '@ton/core';
import { TonClient } from '@ton/ton';
import { ChainSource, reconcile as reconcileLedger, TonClientChainSource } from '../reconcile';
import { poolPayoutCodec, poolStateReader } from '../reconcile/pool-adapter';
import { formatTable } from '../chain/table';
import { formatTon } from './args';
import { liveFees } from './fees';
import { ExitCode } from './cli/exit-codes';
import { defineScript } from './cli/script';
import { kinds, required } from './cli/spec';
import { OpsError } from './errors';
import { journalPath, readSubmitted } from './journal';
import { DeployedPool, loadPool } from './pool';
import { OpsProvider } from './provider';

/**
 * The toolkit's ChainSource for this network. The pool's ledger is read from one snapshot of its
 * storage (one request for any number of workers; get_worker would take one each), its payouts and
 * bounces from its transactions.
 */
async function chainSource(p: OpsProvider, d: DeployedPool): Promise<ChainSource> {
    const state = await p.getContractState(d.deployment.pool.address);
    if (state.state.type !== 'active' || !state.state.data) throw new OpsError(`pool ${d.deployment.pool.address} is not active`);
    const reader = poolStateReader(Cell.fromBoc(state.state.data)[0]);
    const options = { pool: d.deployment.pool.address, reader, codec: poolPayoutCodec(await liveFees(p)) };
    if (p.chainSource) return p.chainSource(options);
    const api = p.api();
    if (api instanceof TonClient) return new TonClientChainSource({ ...options, client: api });
    throw new OpsError('reconcile reads the pool history through toncenter (blueprint\'s client for --testnet / --mainnet); this network uses another API');
}

export const reconcile = defineScript(
    {
        name: 'operator/reconcile',
        role: 'operator',
        about: "compares the operator's ledger file with what the chain did, per worker and in total, to the nanoton",
        example: 'ledger=epoch-1.csv',
        sends: false,
        args: { ledger: required(kinds.entitlements(), "the operator's ledger of cumulative entitlements (.csv or .json)", "The operator's ledger of cumulative entitlements (.csv or .json)") },
    },
    async (p, input, ctx) => {
        const file = input.ledger.path;
        const d = await loadPool(p, ctx);
        const intended = new Map(input.ledger.rows.map((r) => [r.workerIndex, r.cumulative]));
        const journal = journalPath(d.path);
        const submitted = readSubmitted(journal);
        const report = await reconcileLedger({ intended, source: await chainSource(p, d), submitted, minPayout: d.poolParams.minPayout });
        const ui = p.ui();
        ui.write(`journal: ${submitted.length} request(s) submitted so far (${journal})`);
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
        ctx.result.totals = t;
        ctx.result.differences = report.differences;
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
        throw new OpsError(`${report.differences.length} difference(s) between ${file} and the chain (${critical} critical, ${report.unexplainedNanoton} nanoton unexplained)`, ExitCode.differences);
    },
);
