package io.crinn4j.agent.propose;

import java.util.List;

/**
 * Something that answers a prompt with candidate modules: an LLM, the offline AST mutator, a
 * person (manual mode) or an external command. One call produces one GRPO group: up to
 * {@code count} independent replies to the same prompt.
 *
 * <p>Replies are raw text in the format the prompt asks for (a complete module in one
 * {@code ```java} block, or SEARCH/REPLACE edits against the parent); the campaign parses them,
 * so every proposer goes through the same checks. A proposer never evaluates code.
 */
public interface Proposer {

    /** Short name for logs and the leaderboard, e.g. {@code mutate}, {@code openai:gpt-4o-mini}. */
    String name();

    /**
     * Whether this proposer reads the prompt text. An LLM, a person or a command does; the offline
     * mutator works on the exemplars alone, so what only the text carries (a profile measured in a
     * worker of its own) is not worth measuring for it.
     */
    default boolean readsPrompt() {
        return true;
    }

    /**
     * Answers one prompt {@code count} times. Failures of single completions (a timeout, a
     * refused request) are returned as replies with {@link Reply#error()} set, so the rest of
     * the group survives; an exception means the proposer cannot work at all (bad
     * configuration, no API key) and stops the campaign with its message.
     */
    List<Reply> propose(PromptRequest request, int count);

    /** Receives the replies of one group as they become ready. */
    @FunctionalInterface
    interface ReplySink {
        /**
         * Called once per index in {@code [0, count)}, in any order and possibly from several
         * threads; {@code reply} is never null.
         */
        void accept(int index, Reply reply);
    }

    /**
     * Streams the group: hands each reply to {@code sink} as soon as it is ready, so the campaign
     * can evaluate the first while the proposer is still producing the rest (an LLM call takes
     * seconds to minutes; an evaluation too). Returns once every index has been delivered. The
     * default delivers the batch of {@link #propose(PromptRequest, int)} in order; proposers that
     * produce replies one by one override it. The replies must be the same as the batch method's.
     */
    default void propose(PromptRequest request, int count, ReplySink sink) {
        List<Reply> replies = propose(request, count);
        for (int i = 0; i < count; i++) {
            Reply r = replies != null && i < replies.size() ? replies.get(i) : null;
            sink.accept(i, r != null ? r : Reply.failed(name(), "the proposer returned only "
                    + (replies == null ? 0 : replies.size()) + " of " + count + " replies", 0));
        }
    }

    /**
     * A proposer that produces its replies one by one: it implements the streaming method, and
     * the batch method collects what the stream delivers, in index order.
     */
    interface Streaming extends Proposer {
        @Override
        void propose(PromptRequest request, int count, ReplySink sink);

        @Override
        default List<Reply> propose(PromptRequest request, int count) {
            Reply[] out = new Reply[Math.max(0, count)];
            propose(request, count, (i, r) -> out[i] = r);
            return List.of(out);
        }
    }
}
