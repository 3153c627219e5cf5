package io.crinn4j.sandbox.check;

/** Test helper: wraps members into a compilable search module and locates lines by a marker. */
final class Hostile {

    static final String PACKAGE = "io.crinn4j.seed.glass";
    static final String CLASS = "Evil";
    static final String BINARY = PACKAGE + "." + CLASS;

    private Hostile() {
    }

    /** A search module named {@link #BINARY} with {@code imports} after the contract imports and {@code members} first in the body. */
    static String search(String imports, String members) {
        return "package " + PACKAGE + ";\n"
                + "\n"
                + "import io.crinn4j.contract.CandidateBuffer;\n"
                + "import io.crinn4j.contract.DistanceCounter;\n"
                + "import io.crinn4j.contract.Graph;\n"
                + "import io.crinn4j.contract.SearchModule;\n"
                + "import io.crinn4j.contract.Vectors;\n"
                + imports + (imports.isEmpty() || imports.endsWith("\n") ? "" : "\n")
                + "\n"
                + "public final class " + CLASS + " implements SearchModule {\n"
                + members + (members.endsWith("\n") ? "" : "\n")
                + "\n"
                + "    @Override\n"
                + "    public void prepare(Vectors base, Graph graph) {\n"
                + "    }\n"
                + "\n"
                + "    @Override\n"
                + "    public Searcher newSearcher(DistanceCounter counter) {\n"
                + "        return (query, k, ef, count, out) -> out.clear();\n"
                + "    }\n"
                + "\n"
                + "    @Override\n"
                + "    public long memoryBytes() {\n"
                + "        return 0;\n"
                + "    }\n"
                + "}\n";
    }

    /** 1-based line of the first line containing {@code marker}; fails when absent. */
    static int lineOf(String source, String marker) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("marker '" + marker + "' not in source:\n" + source);
    }
}
