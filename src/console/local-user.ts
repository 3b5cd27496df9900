// The console's fixed identity, on its own so that the CLI's database commands (which act as this user) do not load
// the console itself.
import { LOCAL_WORKSPACE_ID } from "../features/local-workspace.js";

/** The console's fixed identity: one local workspace, one user, one team channel. */
export const LOCAL = { workspaceId: LOCAL_WORKSPACE_ID, userId: "U0LOCAL", channelId: "C0LOCAL" } as const;
