// The log-a-note form (Slack modal and the local console) hands its saved note to the assistant: the note is
// stored as before, and the reply adds the proposal read from it (or says why there is none). Without a key the
// reply says how to switch proposals on. The note's account is the one whose card the form was opened from.
import type { CommandEnv } from "../../commands/registry.js";
import { t } from "../../i18n/index.js";
import { resolveScope } from "../teams/scope.js";
import { context } from "../../ui/blocks.js";
import { fitMessage } from "../../ui/limits.js";
import type { SlackMessage } from "../../ui/types.js";
import { proposalMessage, skippedText } from "./ui/proposal.js";
import { failureMessage } from "./ui/replies.js";
import { CallBudget, isAssistantFailure } from "./llm/retry.js";
import { proposeFromNote } from "./notes/flow.js";
import { segmentNothingMessage, segmentProposalMessage } from "./ui/segment-proposal.js";
import { assistantFor } from "./setup.js";

const join = (env: CommandEnv, a: SlackMessage, b: SlackMessage): SlackMessage =>
  fitMessage(
    { text: b.text, blocks: [...a.blocks, ...b.blocks] },
    { more: (n) => t(env.locale, "common.omitted_sections", { n }) },
  );

export async function withNoteProposal(
  env: CommandEnv,
  account: { id: string; name: string },
  noteId: string,
  note: string,
  saved: SlackMessage,
): Promise<SlackMessage> {
  const assistant = assistantFor(env.deps);
  if (!assistant.llm) return { ...saved, blocks: [...saved.blocks, context(t(env.locale, "assistant.note_off"))] };
  const budget = new CallBudget(assistant.retries);
  try {
    const scope = await resolveScope(env.deps, env.actor);
    const outcome = await proposeFromNote(
      assistant.llm,
      {
        deps: env.deps,
        actor: env.actor,
        scope,
        note,
        sourceRef: `note:${noteId}`,
        account,
        accountFixed: true,
      },
      budget,
    );
    // A note that also speaks about the market: its segment proposal follows, with its own Confirm.
    const part = outcome.segments;
    const withSegments = (m: SlackMessage): SlackMessage =>
      !part
        ? m
        : part.proposals.length === 0
          ? join(env, m, segmentNothingMessage(env.locale, part.skipped))
          : part.proposals.reduce(
              (acc, p) =>
                join(
                  env,
                  acc,
                  segmentProposalMessage({
                    locale: env.locale,
                    proposalId: p.proposalId,
                    preview: p.preview,
                    sourceUrl: null,
                  }),
                ),
              m,
            );
    if (outcome.kind === "segments") return withSegments(saved);
    if (outcome.kind === "proposal") {
      return join(
        env,
        withSegments(saved),
        proposalMessage({
          preview: outcome.preview,
          proposalId: outcome.proposal.id,
          locale: env.locale,
          sourceUrl: null,
        }),
      );
    }
    if (outcome.kind === "nothing") {
      const skipped = skippedText(env.locale, outcome.preview.resolved.skipped);
      return withSegments({
        ...saved,
        blocks: [...saved.blocks, context(...[t(env.locale, "assistant.note_nothing"), skipped].filter(Boolean))],
      });
    }
    return saved; // not reached: the account is fixed
  } catch (e) {
    if (!isAssistantFailure(e)) throw e;
    assistant.log.warn({ kind: e.kind, err: e.message }, "no proposal from a logged note");
    return join(env, saved, failureMessage(env.locale, e.kind, assistant.timeoutMs));
  }
}
