/**
 * Every script that sends shows what it is about to do and asks before it acts; `yes` answers for
 * unattended runs. Declining sends nothing.
 */
import { ScriptArgs } from './args';
import { OpsProvider } from './provider';

export async function confirmSend(p: OpsProvider, args: ScriptArgs, title: string, summary: string[]): Promise<boolean> {
    const ui = p.ui();
    ui.write(title);
    for (const line of summary) ui.write(`  ${line}`);
    if (args.flag('yes')) return true;
    const go = await ui.prompt('Send?');
    if (!go) ui.write('cancelled: nothing sent');
    return go;
}
