import { muteCommandDef } from "./_mute.ts";

export default muteCommandDef(true, "mute", "Silence one worktree's alerts (tmux, desktop, your command) until --unmute", "Silence the alerts of that worktree");
