#!/usr/bin/env bun
import { main } from "./main.ts";

const argv = process.argv.slice(2);
// A pane `cc-wt --panes` opened: the launching shell's environment, and what to do after claude.
const paneSpec = process.env.CC_WT_PANE;
process.exit(paneSpec ? await (await import("../panes/pane.ts")).runPane(argv, paneSpec, main) : await main(argv));
