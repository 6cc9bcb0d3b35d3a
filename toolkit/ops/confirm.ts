/**
 * Every script that sends shows what it is about to do and asks before it acts; `yes` answers for
 * unattended runs, `check` stops here having sent nothing. Declining sends nothing.
 */
import { RunContext } from './cli/script';
import { BadInput } from './errors';
import { OpsProvider } from './provider';

export async function confirmSend(p: OpsProvider, ctx: RunContext, title: string, summary: string[]): Promise<boolean> {
    const ui = p.ui();
    ui.write(title);
    for (const line of summary) ui.write(`  ${line}`);
    ctx.result.summary = [title, ...summary];
    if (ctx.check) {
        ui.write('check: every input is valid; nothing was sent');
        ctx.result.sent = false;
        return false;
    }
    if (ctx.yes) return true;
    if (!ctx.interactive)
        throw new BadInput(
            'no terminal to confirm the send: add yes to send, or check to only validate; nothing was sent',
        );
    const go = await ui.prompt('Send?');
    if (!go) {
        ui.write('cancelled: nothing sent');
        ctx.result.sent = false;
    }
    return go;
}
