// The workspace of the local console and the CLI's database commands. It can share a database with Slack
// workspaces (`kvalue import` against the app's DATABASE_URL) but has no Slack installation: a bot token serves
// whatever workspace id it is handed, so scheduled sends must leave this one out themselves.

/** The local workspace's id (the console's LOCAL identity uses it). */
export const LOCAL_WORKSPACE_ID = "T0LOCAL";

export const isLocalWorkspace = (workspaceId: string): boolean => workspaceId === LOCAL_WORKSPACE_ID;
