import { muteCommandDef } from "./_mute.ts";

export default muteCommandDef(true, "mute", "Silence the alerts of that worktree");
