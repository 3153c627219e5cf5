package io.crinn4j.sandbox;

import io.crinn4j.contract.ModuleKind;
import java.util.EnumMap;
import java.util.Map;

/** The source text of all three modules: one index design, e.g. the seed or a campaign's current best. */
public record ModuleSources(Map<ModuleKind, String> sources) {
    public ModuleSources {
        EnumMap<ModuleKind, String> copy = new EnumMap<>(ModuleKind.class);
        for (ModuleKind k : ModuleKind.values()) {
            String s = sources.get(k);
            if (s == null) {
                throw new IllegalArgumentException("no source for the " + k.cliName() + " module");
            }
            copy.put(k, s);
        }
        sources = Map.copyOf(copy);
    }

    public String get(ModuleKind kind) {
        return sources.get(kind);
    }

    /** The same set with one module replaced. */
    public ModuleSources with(ModuleKind kind, String source) {
        EnumMap<ModuleKind, String> m = new EnumMap<>(sources);
        m.put(kind, source);
        return new ModuleSources(m);
    }
}
