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
     * Answers one prompt {@code count} times. Failures of single completions (a timeout, a
     * refused request) are returned as replies with {@link Reply#error()} set, so the rest of
     * the group survives; an exception means the proposer cannot work at all (bad
     * configuration, no API key) and stops the campaign with its message.
     */
    List<Reply> propose(PromptRequest request, int count);
}
