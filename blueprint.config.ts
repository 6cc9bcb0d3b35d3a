import { Config } from '@ton/blueprint';
import { guardBlueprintRun } from './toolkit/ops/cli/guard';

// `npx blueprint run`: a misspelt or missing script name, or a --flag blueprint does not know, is one
// line and exit code 2 before blueprint asks or connects anything (toolkit/ops/cli/guard.ts).
guardBlueprintRun();

export const config: Config = {};
