package io.crinn4j.agent.propose;

import java.util.List;
import java.util.function.BiFunction;

/** A proposer for tests: a name and a function from the request and the group size to the replies (or an exception). */
public record TestProposer(String name, BiFunction<PromptRequest, Integer, List<Reply>> answer) implements Proposer {

    @Override
    public List<Reply> propose(PromptRequest request, int count) {
        return answer.apply(request, count);
    }
}
