// One workspace's bot token (HTTP and Socket Mode). Bolt's own single-token authorization runs auth.test once, when
// the app is built, and keeps the outcome, a failure too: a Slack unreachable at start (a proxy not up yet) left every
// later request unauthorized, answered with nothing, until a restart, while /readyz said ready. This one keeps only a
// success: until then every request asks again, a retry in the background asks with backoff, and /readyz reports
// Slack as not verified.
import type { AuthorizeResult, webApi } from "@slack/bolt";

interface AuthLog {
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

/** Background retries: 5 s, doubling, at most a minute apart. */
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 60_000;

export class BotAuthorization {
  #client: webApi.WebClient | null = null;
  #result: Promise<AuthorizeResult> | null = null;
  #verified = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly token: string,
    private readonly log: AuthLog,
  ) {}

  /** Whether auth.test has answered for the token. */
  get verified(): boolean {
    return this.#verified;
  }

  /** Bolt's `authorize`: the bot's identity, asked of Slack until it answers once. */
  readonly authorize = async ({
    isEnterpriseInstall,
  }: {
    isEnterpriseInstall?: boolean;
  }): Promise<AuthorizeResult> => ({
    ...(await this.#check()),
    isEnterpriseInstall: isEnterpriseInstall === true,
  });

  /** Verifies the token now, and again with backoff in the background until Slack answers. */
  start(client: webApi.WebClient): void {
    this.#client = client;
    let failures = 0;
    const attempt = (delay: number) => {
      this.#check().then(
        // After failures, at the level they were logged at: the operator sees the start-up problem end.
        (r) =>
          failures > 0
            ? this.log.warn({ botUserId: r.botUserId, failures }, "Slack bot token verified after retrying")
            : this.log.debug?.({ botUserId: r.botUserId, teamId: r.teamId }, "Slack bot token verified"),
        (e: unknown) => {
          failures++;
          this.log.warn({ err: String(e), retryInMs: delay }, "Slack auth.test failed; retrying");
          this.#timer = setTimeout(() => attempt(Math.min(delay * 2, MAX_RETRY_MS)), delay);
          this.#timer.unref();
        },
      );
    };
    attempt(FIRST_RETRY_MS);
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  #check(): Promise<AuthorizeResult> {
    const client = this.#client;
    if (!client) return Promise.reject(new Error("the bot authorization has not started"));
    this.#result ??= client.auth.test({ token: this.token }).then(
      (r) => {
        this.#verified = true;
        return {
          botToken: this.token,
          botId: r.bot_id,
          botUserId: r.user_id,
          teamId: r.team_id,
          enterpriseId: r.enterprise_id,
        };
      },
      (e: unknown) => {
        this.#result = null; // the next request (or retry) asks again
        throw e;
      },
    );
    return this.#result;
  }
}
