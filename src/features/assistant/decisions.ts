// What the buttons on the assistant's messages do, surface-independent: Confirm (the only path that writes a
// proposal's facts), Discard, and resuming a note that was waiting for its account (pick one, or create it).
// The first reply replaces the message whose button was pressed; the rest go to the thread.
import type { ModalView } from "@slack/types";
import { textMessage } from "../../ui/text.js";
import { t, type Locale } from "../../i18n/index.js";
import { createAccount } from "../accounts/service.js";
import type { ServiceDeps } from "../deps.js";
import { confirmProposal, discardProposal, getProposal, previewChanges, type ConfirmResult } from "./proposals.js";
import { resolveScope, type Actor } from "../teams/scope.js";
import type { ViewStateValues } from "../../ui/types.js";
import { applyEdit, editModal, type EditMetadata } from "./ui/edit.js";
import { proposalMessage, skippedText } from "./ui/proposal.js";
import { confirmedMessage, decidedMessage, nothingMessage } from "./ui/replies.js";
import { emptyState, loadThread, saveThread, threadById, type ThreadKey } from "./conversation.js";
import { askNext, type Reply } from "./handle.js";
import { proposeFor } from "./notes/flow.js";
import { confirmSegmentProposal, discardSegmentProposal, type SegmentDecision } from "./segment-proposals.js";
import { segmentDecisionMessage } from "./ui/segment-proposal.js";

export interface DecisionInput {
  deps: ServiceDeps;
  /** The person who pressed the button, from the verified interaction payload. */
  actor: Actor;
  locale: Locale;
  /** The thread the message lives in, when the surface has threads (the interview continues there). */
  thread: ThreadKey | null;
  sourceUrl?: string | null;
}

export interface DecisionResult {
  replies: Reply[];
  /** Shown only to the presser (someone else's proposal): nothing was changed. */
  ephemeral?: boolean;
  written?: Extract<ConfirmResult, { kind: "written" }>;
}

export async function confirmDecision(input: DecisionInput, proposalId: string): Promise<DecisionResult> {
  const { deps, locale } = input;
  const scope = await resolveScope(deps, input.actor);
  const r = await confirmProposal(deps, { ...input.actor, source: "assistant" }, scope, proposalId);
  switch (r.kind) {
    case "not_yours":
      return {
        replies: [{ message: textMessage(t(locale, "assistant.not_yours", { user: r.userId })) }],
        ephemeral: true,
      };
    case "decided":
      return { replies: [{ message: decidedMessage(locale, r.status) }], ephemeral: true };
    case "stale":
      return {
        replies: [
          {
            message: proposalMessage({
              preview: r.preview,
              proposalId: r.fresh.id,
              locale,
              sourceUrl: input.sourceUrl ?? null,
              stale: true,
            }),
            proposalId: r.fresh.id,
          },
        ],
      };
    case "written": {
      const replies: Reply[] = [{ message: confirmedMessage(locale, r) }];
      if (input.thread) {
        const thread = await loadThread(deps, input.thread);
        const state = thread?.state ?? emptyState();
        replies.push(
          ...(await askNext(
            { deps, actor: input.actor, locale, thread: input.thread },
            scope,
            state,
            r.accountId,
            state.interview?.asked ?? [],
          )),
        );
      }
      return { replies, written: r };
    }
  }
}

export async function discardDecision(input: DecisionInput, proposalId: string): Promise<DecisionResult> {
  const { locale } = input;
  const r = await discardProposal(input.deps, input.actor, proposalId);
  switch (r.kind) {
    case "not_yours":
      return {
        replies: [{ message: textMessage(t(locale, "assistant.not_yours", { user: r.userId })) }],
        ephemeral: true,
      };
    case "decided":
      return { replies: [{ message: decidedMessage(locale, r.status) }], ephemeral: true };
    case "discarded":
      return { replies: [{ message: textMessage(t(locale, "assistant.discarded")) }] };
  }
}

/** A note that waited for its account continues with the one picked (or created) by the person who sent it. */
export async function resumeNote(
  input: DecisionInput,
  conversationId: string,
  choice: { accountId: string } | { create: true; channelId?: string },
): Promise<DecisionResult> {
  const { deps, locale, actor } = input;
  const thread = await threadById(deps, actor.workspaceId, conversationId);
  const pending = thread?.state.pending;
  if (!thread || !pending)
    return { replies: [{ message: textMessage(t(locale, "assistant.pending_gone")) }], ephemeral: true };
  if (thread.userId !== actor.userId)
    return {
      replies: [{ message: textMessage(t(locale, "assistant.not_yours", { user: thread.userId })) }],
      ephemeral: true,
    };
  const scope = await resolveScope(deps, actor);
  const accountId =
    "accountId" in choice
      ? choice.accountId
      : (
          await createAccount(deps, { ...actor, source: "assistant", sourceRef: pending.changes.sourceRef }, scope, {
            name: pending.query ?? "",
            ...(choice.channelId ? { channelId: choice.channelId } : {}),
          })
        ).id;
  const outcome = await proposeFor({ deps, actor, scope }, accountId, pending.changes);
  await saveThread(deps, thread.key, thread.userId, "note", { ...thread.state, accountId, pending: null });
  if (outcome.kind === "nothing") {
    return {
      replies: [
        {
          message: nothingMessage(
            locale,
            outcome.preview.accountName,
            skippedText(locale, outcome.preview.resolved.skipped),
          ),
        },
      ],
    };
  }
  return {
    replies: [
      {
        message: proposalMessage({
          preview: outcome.preview,
          proposalId: outcome.proposal.id,
          locale,
          sourceUrl: input.sourceUrl ?? null,
        }),
        proposalId: outcome.proposal.id,
      },
    ],
  };
}

/** The Edit button: the modal for the person's own pending proposal (or why it cannot be edited). */
export async function editView(
  input: DecisionInput,
  proposalId: string,
  meta: EditMetadata,
): Promise<{ view: ModalView } | DecisionResult> {
  const { deps, locale, actor } = input;
  const p = await getProposal(deps, actor.workspaceId, proposalId);
  if (p.userId !== actor.userId)
    return {
      replies: [{ message: textMessage(t(locale, "assistant.not_yours", { user: p.userId })) }],
      ephemeral: true,
    };
  if (p.status !== "pending") return { replies: [{ message: decidedMessage(locale, p.status) }], ephemeral: true };
  const scope = await resolveScope(deps, actor);
  const preview = await previewChanges(deps, scope, p.accountId, p.changes);
  return { view: editModal(locale, preview.accountName, p.changes, meta) };
}

/** The edited proposal replaces the old one (which is discarded): still pending, still only written on Confirm. */
export async function submitEdit(
  input: DecisionInput,
  meta: EditMetadata,
  values: ViewStateValues,
): Promise<{ errors: Record<string, string> } | DecisionResult> {
  const { deps, locale, actor } = input;
  const p = await getProposal(deps, actor.workspaceId, meta.proposalId);
  const edited = applyEdit(locale, p.changes, values);
  if (!edited.ok) return { errors: edited.errors };
  const old = await discardProposal(deps, actor, p.id);
  if (old.kind === "not_yours")
    return {
      replies: [{ message: textMessage(t(locale, "assistant.not_yours", { user: old.userId })) }],
      ephemeral: true,
    };
  if (old.kind === "decided") return { replies: [{ message: decidedMessage(locale, old.status) }], ephemeral: true };
  const outcome = await proposeFor(
    { deps, actor, scope: await resolveScope(deps, actor) },
    p.accountId,
    edited.changes,
  );
  if (outcome.kind === "nothing") return { replies: [{ message: textMessage(t(locale, "assistant.edit.empty")) }] };
  return {
    replies: [
      {
        message: proposalMessage({
          preview: outcome.preview,
          proposalId: outcome.proposal.id,
          locale,
          sourceUrl: input.sourceUrl ?? null,
          edited: true,
        }),
        proposalId: outcome.proposal.id,
      },
    ],
  };
}

/** Confirm / Discard of a segment proposal (issue 10.3): the reply replaces the proposal; a refusal is the presser's. */
async function segmentDecision(input: DecisionInput, run: () => Promise<SegmentDecision>): Promise<DecisionResult> {
  const r = await run();
  const ephemeral = r.kind === "not_yours" || r.kind === "decided";
  return { replies: [{ message: segmentDecisionMessage(input.locale, r) }], ...(ephemeral ? { ephemeral } : {}) };
}

export const confirmSegmentDecision = (input: DecisionInput, id: string): Promise<DecisionResult> =>
  segmentDecision(input, () => confirmSegmentProposal(input.deps, input.actor, id));

export const discardSegmentDecision = (input: DecisionInput, id: string): Promise<DecisionResult> =>
  segmentDecision(input, () => discardSegmentProposal(input.deps, input.actor, id));
