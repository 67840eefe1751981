import { muteCommandDef } from "./_mute.ts";

export default muteCommandDef(false, "unmute", "Alert again for that worktree");
