package io.crinn4j.contract;

import java.util.Locale;

/**
 * The three optimizable modules, in the order CRINN evolves them: construction, then search,
 * then refinement, each stage starting from the previous stage's winner.
 */
public enum ModuleKind {
    CONSTRUCTION(ConstructionModule.class),
    SEARCH(SearchModule.class),
    REFINEMENT(RefinementModule.class);

    private final Class<?> contract;

    ModuleKind(Class<?> contract) {
        this.contract = contract;
    }

    /** The interface a module of this kind implements. */
    public Class<?> contract() {
        return contract;
    }

    /** Lower-case name used on the command line and in file names. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name; the message lists the valid ones. */
    public static ModuleKind parse(String s) {
        for (ModuleKind k : values()) {
            if (k.cliName().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown module '" + s + "' (expected construction, search or refinement)");
    }
}
