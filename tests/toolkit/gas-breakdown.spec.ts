/**
 * The gas breakdown (harness/bench/gas-breakdown.ts) charges each logged instruction the gas the
 * TVM reports for it and files the entry loop's instructions by category; the README renders it.
 */
import { categoryOf, parseGasLog } from '../../harness/bench/gas-breakdown';

describe('gas breakdown', () => {
    // A gas log where ACCEPT raises the limit mid-run: each instruction must still be charged what it took.
    it('[DOC-523] the gas breakdown charges each instruction the gas it took, across a change of the gas limit', () => {
        const log = [
            'code cell hash: AA offset: 0',
            'execute SETCP 0',
            'gas remaining: 9974',
            'code cell hash: AA offset: 16',
            'execute ACCEPT',
            'changing gas limit to 1000000',
            'gas remaining: 999948',
            'execute implicit RET',
            'gas remaining: 999943',
        ].join('\n');
        expect(parseGasLog(log, 10000)).toEqual([
            { site: 'AA offset: 0', ins: 'SETCP 0', gas: 26 },
            { site: 'AA offset: 16', ins: 'ACCEPT', gas: 26 },
            { site: 'AA offset: 16|implicit RET', ins: 'implicit RET', gas: 5 },
        ]);
    });

    // A mnemonic the table does not know must fail the run rather than land in a wrong row.
    it('[DOC-523] the gas breakdown files the entry loop by category: message, ledger, parsing, shuffles; an unknown mnemonic has none', () => {
        expect(['STU 256', 'ENDC', 'SENDRAWMSG', 'STGRAMS'].map(categoryOf)).toEqual([
            'message',
            'message',
            'message',
            'message',
        ]);
        expect(['LDU 4', 'LDGRAMS', 'LDU 65', 'PLDU 256', 'STI 65', 'STSLICER'].map(categoryOf)).toEqual([
            'parsing',
            'parsing',
            'ledgerRead',
            'ledgerRead',
            'ledgerWrite',
            'ledgerWrite',
        ]);
        expect(['PUSH s3', 'XCHG3 s9,s3,s0', 'ROTREV', 'PUSHINT 1'].map(categoryOf)).toEqual([
            'shuffles',
            'shuffles',
            'shuffles',
            'message',
        ]);
        expect(categoryOf('HASHCU')).toBeUndefined();
    });
});
