import { muteCommandDef } from "./_mute.ts";

export default muteCommandDef(false, "unmute", "Turn a worktree's alerts back on", "Alert again for that worktree");
