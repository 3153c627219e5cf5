package io.crinn4j.agent.campaign;

import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.Reply;
import java.util.ArrayList;
import java.util.List;

/** A proposer whose group is always the same modules, in order, each as one ```java block: campaign tests choose the replies. */
final class FixedProposer implements Proposer {
    private final List<String> sources;

    private FixedProposer(List<String> sources) {
        this.sources = List.copyOf(sources);
    }

    static Proposer of(String... sources) {
        return new FixedProposer(List.of(sources));
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public List<Reply> propose(PromptRequest request, int count) {
        List<Reply> out = new ArrayList<>();
        for (String src : sources) {
            out.add(Reply.ok("```java\n" + src + "\n```", "fixed", 0, 0, 0, 0));
        }
        return out;
    }
}
